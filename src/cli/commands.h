// Registration of the `jianwei` subcommands. Each Add*Command attaches one
// subcommand (with its options and callback) to the application.
#pragma once

#include "command_line.h"

namespace jianwei::cli {

void AddEvalCommand(Command& app);      // jianwei eval MODEL.dmn --decision NAME
void AddTckCommand(Command& app);       // jianwei tck DIR [--csv FILE]
void AddDemoCommand(Command& app);      // jianwei demo: what `make run` shows
void AddModelCommand(Command& app);     // jianwei model predict --model FILE --data ROWS.csv
void AddGraphCommand(Command& app);     // jianwei graph load|ownership|control|ubo|related|...
void AddGenCommand(Command& app);       // jianwei gen graph --enterprises N
void AddLearnCommand(Command& app);     // jianwei learn iv|scorecard|gbdt --data FILE ...
void AddValidateCommand(Command& app);  // jianwei validate DIR...
void AddDecideCommand(Command& app);    // jianwei decide --package DIR --flow NAME < in.jsonl
void AddJdmCommand(Command& app);       // jianwei jdm test DIR | jdm bench DIR [--seconds S]
void AddBenchCommand(Command& app);     // jianwei bench deployment --package DIR [--flow NAME]
void AddUserCommand(Command& app);      // jianwei user add NAME --roles R,... --store URL
void AddAuditCommand(Command& app);     // jianwei audit verify --store URL
void AddPackageCommand(Command& app);   // jianwei package pack DIR -o FILE
void AddReplayCommand(Command& app);    // jianwei replay --store URL [--from T] [--to T]
void AddServeCommand(Command& app);     // jianwei serve --store URL [--listen HOST:PORT] [--demo]

}  // namespace jianwei::cli
