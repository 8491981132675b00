#pragma once

namespace hedgebot::bot {

// Parses the command line, runs the command, returns the process exit code (ExitCode).
int run_cli(int argc, char** argv);

}  // namespace hedgebot::bot
