/* cli.h: the command line: `neurode run`, `neurode check`, and the REPL entry.
 * Returns the process exit status: 0 success, 1 a runtime or I/O error,
 * 2 a usage or model error. */
#ifndef NEURODE_CLI_H
#define NEURODE_CLI_H

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

int cli_main(int argc, char **argv);

#endif
