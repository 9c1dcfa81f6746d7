# jianwei — the two commands: `make run` and `make test`.
# Both install missing Debian packages, configure with CMake + Ninja and build.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
CMAKE_FLAGS ?=
# Unity builds (CMakeLists.txt, JIANWEI_UNITY): the from-scratch builds of `make` and CI.
UNITY      ?= ON

.PHONY: run demo test deps build build-asan test-release test-asan bench fuzz format clean

# The decision service on an embedded SQLite store under $(BUILD)/ with the demo package
# deployed (docs/service.md); prints the demo keys and an example request.
run: build
	./$(BUILD)/src/cli/jianwei serve --demo --store $(BUILD)/jianwei.db \
	  --cache $(BUILD)/jianwei-cache --listen 127.0.0.1:8080

# The earlier console summary of the demo package and DMN model.
demo: build
	./$(BUILD)/src/cli/jianwei demo

test: test-release test-asan

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DJIANWEI_UNITY=$(UNITY) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

build-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Sanitize -DJIANWEI_SANITIZE=ON \
	  -DJIANWEI_BENCH=OFF -DJIANWEI_UNITY=$(UNITY) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

test-release: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan: build-asan
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS) -LE slow

bench: build
	scripts/run-benchmarks.sh $(BUILD)

fuzz: deps
	@CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DJIANWEI_FUZZ=ON -DJIANWEI_TESTS=OFF -DJIANWEI_BENCH=OFF >/dev/null
	@cmake --build build-fuzz -j $(JOBS)

format:
	find include src tests bench fuzz -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
