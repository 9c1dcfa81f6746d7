// Registration of the `jianwei` subcommands. Each Add*Command attaches one
// subcommand (with its options and callback) to the application.
#pragma once

#include <CLI/CLI.hpp>

namespace jianwei::cli {

void AddEvalCommand(CLI::App& app);  // jianwei eval MODEL.dmn --decision NAME
void AddTckCommand(CLI::App& app);   // jianwei tck DIR [--csv FILE]
void AddDemoCommand(CLI::App& app);  // jianwei demo: what `make run` shows
void AddModelCommand(CLI::App& app);  // jianwei model predict --model FILE --data ROWS.csv
void AddGraphCommand(CLI::App& app);  // jianwei graph load|ownership|control|ubo|related|...
void AddGenCommand(CLI::App& app);    // jianwei gen graph --enterprises N
void AddLearnCommand(CLI::App& app);  // jianwei learn iv|scorecard|gbdt --data FILE ...
void AddValidateCommand(CLI::App& app);  // jianwei validate DIR...
void AddDecideCommand(CLI::App& app);    // jianwei decide --package DIR --flow NAME < in.jsonl
void AddJdmCommand(CLI::App& app);    // jianwei jdm test DIR | jdm bench DIR [--seconds S]
void AddBenchCommand(CLI::App& app);  // jianwei bench deployment --package DIR [--flow NAME]
void AddUserCommand(CLI::App& app);     // jianwei user add NAME --roles R,... --store URL
void AddAuditCommand(CLI::App& app);    // jianwei audit verify --store URL
void AddPackageCommand(CLI::App& app);  // jianwei package pack DIR -o FILE
void AddReplayCommand(CLI::App& app);   // jianwei replay --store URL [--from T] [--to T]
void AddServeCommand(CLI::App& app);  // jianwei serve --store URL [--listen HOST:PORT] [--demo]

}  // namespace jianwei::cli
