// `jianwei validate`, `decide` and `bench` run as processes: exit codes, every
// diagnostic of a bad package, output order with several threads, error records for
// bad lines, traces and the pinned clock; exit statuses that say why (tck).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Process {
  int exit = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `jianwei ARGS` with `input` on stdin; stdout and stderr are captured apart.
Process Jianwei(const std::string& args, const std::string& input = "") {
  static int counter = 0;
  fs::path dir = fs::temp_directory_path() /
                 ("jianwei_cli_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter));
  fs::create_directories(dir);
  std::ofstream(dir / "in") << input;
  std::string cmd = std::string(JIANWEI_CLI) + " " + args + " < " + (dir / "in").string() + " > " +
                    (dir / "out").string() + " 2> " + (dir / "err").string();
  int status = std::system(cmd.c_str());
  Process r;
  r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = Slurp(dir / "out");
  r.err = Slurp(dir / "err");
  fs::remove_all(dir);
  return r;
}

std::string Pkg(const std::string& name) {
  return std::string(JIANWEI_STRATEGY_PACKAGES) + "/" + name;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream s(text);
  for (std::string line; std::getline(s, line);) lines.push_back(line);
  return lines;
}

TEST(CliValidate, AGoodPackageExitsZeroWithASummary) {
  Process r = Jianwei("validate " + Pkg("basic"));
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out.rfind("ok: 1 package(s), ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find(" declared input fields"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "");
}

TEST(CliValidate, ABadPackageListsEveryErrorWithItsPosition) {
  Process r = Jianwei("validate " + Pkg("bad"));
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.out, "");
  std::vector<std::string> lines = Lines(r.err);
  ASSERT_GE(lines.size(), 10u) << r.err;
  // Errors of several files, each line "path:line:column: error: ...".
  for (const char* where :
       {"bad/package.yaml:2:10: error: ", "bad/package.yaml:3:1: error: ",
        "bad/rulesets/broken.yaml:2:7: error: ", "bad/scorecards/sc.yaml:2:14: error: ",
        "bad/flows/f.yaml:4:11: error: "}) {
    EXPECT_NE(r.err.find(where), std::string::npos) << where << "\n" << r.err;
  }
  // The last line counts them: one per diagnostic line above it.
  EXPECT_EQ(lines.back(), std::to_string(lines.size() - 1) + " error(s)") << r.err;
}

TEST(CliValidate, AMissingDirectoryIsAnError) {
  Process r = Jianwei("validate " + Pkg("no_such_package"));
  EXPECT_EQ(r.exit, 1);
  EXPECT_NE(r.err.find("no_such_package"), std::string::npos) << r.err;
}

// Documents whose output echoes their id, so the order of the output is visible.
std::string Documents(int n, int bad_line = -1) {
  std::string text;
  for (int i = 1; i <= n; ++i) {
    if (i == bad_line) {
      text += "{\"id\": \"doc-" + std::to_string(i) + "\", oops}\n";
    } else {
      text += "{\"id\": \"doc-" + std::to_string(i) + "\"}\n";
    }
  }
  return text;
}

TEST(CliDecide, TwoThreadsKeepTheInputOrder) {
  const int n = 5000;  // more than one batch of 4096
  Process one = Jianwei("decide --package " + Pkg("outputs") + " --flow echo", Documents(n));
  Process two =
      Jianwei("decide --package " + Pkg("outputs") + " --flow echo --threads 2", Documents(n));
  ASSERT_EQ(one.exit, 0) << one.err;
  ASSERT_EQ(two.exit, 0) << two.err;
  std::vector<std::string> lines = Lines(two.out);
  ASSERT_EQ(lines.size(), static_cast<size_t>(n));
  for (int i = 1; i <= n; ++i) {
    const std::string& line = lines[static_cast<size_t>(i - 1)];
    ASSERT_EQ(line.rfind(R"({"outcome":"approve","reasons":[],"output":{"limit":1,"grade":"doc-)" +
                             std::to_string(i) + "\"}",
                         0),
              0u)
        << line;
  }
  EXPECT_EQ(one.out, two.out);
  EXPECT_EQ(two.err, "");  // no progress when stderr is not a terminal
}

TEST(CliDecide, ABadLineGivesAnErrorRecordAndTheRunContinues) {
  Process r = Jianwei("decide --package " + Pkg("outputs") + " --flow echo --threads 2",
                      Documents(3, 2) + "\n\n" + "[1, 2]\n" + R"({"kind": "x"})" + "\n");
  EXPECT_EQ(r.exit, 0) << r.err;
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 5u) << r.out;  // blank lines are skipped
  EXPECT_NE(lines[0].find(R"("grade":"doc-1")"), std::string::npos) << lines[0];
  EXPECT_EQ(lines[1].rfind(R"({"outcome":"error","error":"line 2: )", 0), 0u) << lines[1];
  EXPECT_NE(lines[2].find(R"("grade":"doc-3")"), std::string::npos) << lines[2];
  // Line numbers count the blank lines too.
  EXPECT_EQ(lines[3].rfind(
                R"({"outcome":"error","error":"line 6: the document is not a JSON object")", 0),
            0u)
      << lines[3];
  EXPECT_EQ(lines[4].rfind(R"({"outcome":"error","error":"line 7: id: required field missing")", 0),
            0u)
      << lines[4];
}

TEST(CliDecide, TraceListsTheSteps) {
  Process plain = Jianwei("decide --package " + Pkg("outputs") + " --flow echo", Documents(1));
  Process traced =
      Jianwei("decide --package " + Pkg("outputs") + " --flow echo --trace", Documents(1));
  ASSERT_EQ(traced.exit, 0) << traced.err;
  EXPECT_EQ(plain.out.find("\"trace\""), std::string::npos) << plain.out;
  EXPECT_NE(traced.out.find(R"(,"trace":[{"step":"out","kind":"output","read":{"id":"doc-1"})"),
            std::string::npos)
      << traced.out;
  EXPECT_NE(traced.out.find(R"("ns":)"), std::string::npos) << traced.out;
}

TEST(CliDecide, NowPinsTheClockAndIsReported) {
  const std::string doc = R"({"id": "a", "established": "2024-03-01"})"
                          "\n";
  Process r = Jianwei(
      "decide --package " + Pkg("outputs") + " --flow dated --now 2025-08-19T18:55:02+02:00", doc);
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_NE(r.out.find(R"("as_of":"2025-08-19")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"("now":"2025-08-19T16:55:02Z")"), std::string::npos) << r.out;
  // Replaying with the reported instant gives the same line.
  Process again = Jianwei(
      "decide --package " + Pkg("outputs") + " --flow dated --now 2025-08-19T16:55:02Z", doc);
  EXPECT_EQ(again.out, r.out);
  Process bad = Jianwei("decide --package " + Pkg("outputs") + " --flow dated --now tomorrow", doc);
  EXPECT_EQ(bad.exit, 2);
  EXPECT_NE(bad.err.find("invalid --now 'tomorrow'"), std::string::npos) << bad.err;
}

TEST(CliDecide, ABadPackageOrUnknownFlowFails) {
  Process bad = Jianwei("decide --package " + Pkg("bad") + " --flow f", Documents(1));
  EXPECT_EQ(bad.exit, 1);
  EXPECT_NE(bad.err.find("bad/package.yaml:2:10: error: "), std::string::npos) << bad.err;
  EXPECT_EQ(bad.out, "");
  Process unknown = Jianwei("decide --package " + Pkg("outputs") + " --flow nope", Documents(1));
  EXPECT_EQ(unknown.exit, 0);
  EXPECT_EQ(unknown.out.rfind(R"({"outcome":"error","error":"line 1: no flow 'nope')", 0), 0u)
      << unknown.out;
  Process missing = Jianwei("decide --flow echo", "");
  EXPECT_NE(missing.exit, 0);
  EXPECT_NE(missing.err.find("--package"), std::string::npos) << missing.err;
}

// `bench deployment --interleave` decides a second flow before each timed decision
// (a serving thread's mixed traffic) and refuses a flow the package lacks.
TEST(CliBench, InterleaveDecidesASecondFlowAndNamesAnUnknownOne) {
  fs::path docs = fs::temp_directory_path() / ("jianwei_bench_docs_" + std::to_string(getpid()));
  std::ofstream(docs) << R"({"id": "1", "a": {"x": 11, "y": 2, "z": 1}, "b": 4, "c": "2024-01-02"})"
                      << "\n";
  const std::string base = "bench deployment --package " + Pkg("scoped") +
                           " --flow reads_all --decisions 20 --docs " + docs.string();
  Process ok = Jianwei(base + " --interleave reads_x");
  EXPECT_EQ(ok.exit, 0) << ok.err;
  EXPECT_NE(ok.out.find("interleaved        reads_x decided (untimed) before each decision, "
                        "same scratch; 0 of its decisions were errors"),
            std::string::npos)
      << ok.out;
  EXPECT_NE(ok.out.find("approve 20 / refer 0 / reject 0 / error 0"), std::string::npos) << ok.out;
  Process unknown = Jianwei(base + " --interleave nope");
  fs::remove(docs);
  EXPECT_EQ(unknown.exit, 1);
  EXPECT_NE(unknown.err.find("--interleave: no flow 'nope' in " + Pkg("scoped")), std::string::npos)
      << unknown.err;
}

// The thread's CPU clock is a system call (~1.3 us on the project's VM) whose return
// left the next decision ~1 us slower, so the bench no longer reads it around each
// decision: it times decisions by the monotonic clock alone and reports the thread's
// CPU time as a share of the whole timed loop; --by-document groups the wall times.
TEST(CliBench, ReportsTheLoopsCpuShareAndPerDocumentWallTimes) {
  fs::path docs = fs::temp_directory_path() / ("jianwei_bench_cpu_" + std::to_string(getpid()));
  std::ofstream(docs) << R"({"id": "1", "a": {"x": 11, "y": 2, "z": 1}, "b": 4, "c": "2024-01-02"})"
                      << "\n"
                      << R"({"id": "2", "a": {"x": 3, "y": 2, "z": 1}, "b": 4, "c": "2024-01-02"})"
                      << "\n";
  Process r = Jianwei("bench deployment --package " + Pkg("scoped") +
                      " --flow reads_all --decisions 40 --by-document --docs " + docs.string());
  fs::remove(docs);
  ASSERT_EQ(r.exit, 0) << r.err;
  const std::string label = "thread CPU time    ";
  const size_t at = r.out.find(label);
  ASSERT_NE(at, std::string::npos) << r.out;
  const double share = std::stod(r.out.substr(at + label.size()));
  EXPECT_GT(share, 0) << r.out;
  // The wall interval encloses the CPU one; the margin is the two clocks' granularity.
  EXPECT_LE(share, 101) << r.out;
  EXPECT_NE(r.out.find("by document        median per document p50 / p90 / max"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("CPU p"), std::string::npos) << r.out;  // no per-decision CPU figures
}

// Bug: a command that ended with a message and a status (CLI11's RuntimeError) printed
// nothing, because CLI11 prints no RuntimeError; `tck --csv` into a missing directory
// exited 1 silently.
TEST(CliTck, AnUnwritableCsvSaysWhichFile) {
  fs::path empty = fs::temp_directory_path() / ("jianwei_tck_empty_" + std::to_string(getpid()));
  fs::create_directories(empty);
  std::string csv = (empty / "no" / "such" / "dir" / "tck.csv").string();
  Process r = Jianwei("tck " + empty.string() + " --csv " + csv);
  fs::remove_all(empty);
  EXPECT_EQ(r.exit, 1);
  EXPECT_NE(r.err.find("cannot write " + csv), std::string::npos) << r.err;
}

// An integer option's range is checked as integers: the bounds are printed as such and
// a fraction is refused (a double range would have said 1.000000 and taken 1.5).
TEST(CliOptions, AnIntegerRangeNamesItsBoundsAndRefusesAFraction) {
  for (const char* value : {"9", "0", "1.5"}) {
    Process r = Jianwei(std::string("serve --store /nonexistent/dir/x.db --log-writes ") + value);
    EXPECT_NE(r.exit, 0) << value;
    EXPECT_NE(r.err.find("--log-writes: Value " + std::string(value) + " not in range 1 to 8"),
              std::string::npos)
        << r.err;
  }
}

}  // namespace
