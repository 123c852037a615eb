/* The child process of -c: started before compilation (so `cpid` is a constant), held at a pipe
 * until every probe is attached, then let go; the run ends when it exits. */
#define _GNU_SOURCE
#include "runtime/runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct words {
	char *buf;    /* the command with a NUL after each word */
	char **v;     /* NULL-terminated */
};

static int split_words(const char *cmd, struct words *w)
{
	size_t n = strlen(cmd);
	w->buf = malloc(n + 1);
	w->v = calloc(n / 2 + 2, sizeof(*w->v));
	if (!w->buf || !w->v) {
		free(w->buf);
		free(w->v);
		return -1;
	}
	memcpy(w->buf, cmd, n + 1);
	size_t count = 0;
	char *save;
	for (char *tok = strtok_r(w->buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		w->v[count++] = tok;
	if (!count) {
		free(w->buf);
		free(w->v);
		return -1;
	}
	return 0;
}

static void free_words(struct words *w)
{
	free(w->buf);
	free(w->v);
}

int runtime_child_spawn(const char *cmd, struct child *c, char *err, size_t errlen)
{
	*c = (struct child){.pid = -1, .go_fd = -1};
	/* Split on spaces only, quotes kept, as bpftrace does: no shell is involved. */
	struct words words;
	if (split_words(cmd, &words) < 0) {
		snprintf(err, errlen, "Failed to parse command: %s", cmd);
		return -1;
	}
	int go[2];
	if (pipe2(go, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "Failed to spawn child: %s", strerror(errno));
		free_words(&words);
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "Failed to spawn child: %s", strerror(errno));
		close(go[0]);
		close(go[1]);
		free_words(&words);
		return -1;
	}
	if (pid == 0) {
		char byte;
		close(go[1]);
		/* Wait for "go"; EOF means sonde gave up before attaching: do not run at all. */
		if (read(go[0], &byte, 1) != 1)
			_exit(0);
		execvp(words.v[0], words.v);
		fprintf(stderr, "ERROR: failed to execute '%s': %s\n", words.v[0], strerror(errno));
		_exit(127);
	}
	close(go[0]);
	free_words(&words);
	c->pid = pid;
	c->go_fd = go[1];
	return 0;
}

void runtime_child_release(struct child *c)
{
	if (c->go_fd < 0)
		return;
	char byte = 1;
	if (write(c->go_fd, &byte, 1) != 1)
		kill(c->pid, SIGKILL);
	close(c->go_fd);
	c->go_fd = -1;
}

bool runtime_child_exited(struct child *c)
{
	if (c->pid <= 0)
		return false;
	int status;
	if (waitpid(c->pid, &status, WNOHANG) == c->pid) {
		c->pid = 0;
		return true;
	}
	return false;
}

void runtime_child_stop(struct child *c)
{
	if (c->go_fd >= 0) {
		close(c->go_fd);   /* never released: the child exits without running the command */
		c->go_fd = -1;
	}
	if (c->pid > 0) {
		kill(c->pid, SIGTERM);
		waitpid(c->pid, NULL, 0);
		c->pid = 0;
	}
}
