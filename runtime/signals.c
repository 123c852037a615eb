/* SIGINT/SIGTERM end the event loop. The handler may only set a flag; the loop polls it, and the
 * handler is installed without SA_RESTART so a blocked epoll_wait returns EINTR at once. */
#include <signal.h>
#include <string.h>

#include "runtime/signals.h"

/* The one piece of global mutable state in the runtime: a signal handler has no other way to
 * reach the session. */
static volatile sig_atomic_t exit_signal;

static void on_exit_signal(int sig)
{
	exit_signal = sig;
}

void signals_install(struct signals_saved *saved)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_exit_signal;
	sigemptyset(&sa.sa_mask);
	exit_signal = 0;
	sigaction(SIGINT, &sa, &saved->old_int);
	sigaction(SIGTERM, &sa, &saved->old_term);
}

void signals_restore(const struct signals_saved *saved)
{
	sigaction(SIGINT, &saved->old_int, NULL);
	sigaction(SIGTERM, &saved->old_term, NULL);
}

int signals_received(void)
{
	return exit_signal;
}

void signals_clear(void)
{
	exit_signal = 0;
}
