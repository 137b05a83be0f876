// SPDX-License-Identifier: GPL-2.0
/*
 * helper - the program that kit_upcall.ko runs in the VM.
 *
 * The kernel starts it with no terminal and no open files, so it says
 * what it saw through how it ends (an exit code, a signal) or in a file.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static void usage(FILE *out)
{
	fprintf(out,
		"usage: helper [exit CODE | kill SIGNAL | hang | record FILE [WORD...]]\n"
		"The program that kit_upcall.ko runs (an upcall).\n"
		"  (nothing)          exit 0\n"
		"  exit CODE          exit with CODE (0-255)\n"
		"  kill SIGNAL        kill itself with SIGNAL (a number)\n"
		"  hang               wait for ever (until killed)\n"
		"  record FILE ...    write its uid, arguments and environment to FILE\n"
		"  -h, --help         this text\n");
}

static int record(const char *path, int argc, char **argv)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return 1;
	fprintf(f, "uid %d\n", (int)getuid());
	for (int i = 0; i < argc; i++)
		fprintf(f, "arg %s\n", argv[i]);
	for (char **e = environ; *e; e++)
		fprintf(f, "env %s\n", *e);
	return fclose(f) ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 0;
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "exit") && argc == 3)
		return atoi(argv[2]);
	if (!strcmp(argv[1], "kill") && argc == 3) {
		int sig = atoi(argv[2]);

		signal(sig, SIG_DFL);
		raise(sig);
		return 125;	/* a signal that does not kill */
	}
	if (!strcmp(argv[1], "hang") && argc == 2) {
		for (;;)
			pause();
	}
	if (!strcmp(argv[1], "record") && argc >= 3)
		return record(argv[2], argc, argv);
	usage(stderr);
	return 2;
}
