#include "bot/cli/cli.hpp"

int main(int argc, char** argv) {
  return hedgebot::bot::run_cli(argc, argv);
}
