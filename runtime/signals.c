/* SIGINT/SIGTERM end the event loop; SIGUSR1 is a request the loop turns into running the
 * self:signal probes or, when there are none, printing every map (as bpftrace does). The handlers
 * may only set flags; the loop polls them, and the handlers are installed without SA_RESTART so a
 * blocked epoll_wait returns EINTR at once. */
#include <signal.h>
#include <string.h>

#include "runtime/signals.h"

/* The one piece of global mutable state in the runtime: a signal handler has no other way to
 * reach the session. */
static volatile sig_atomic_t exit_signal, usr1_pending;

static void on_exit_signal(int sig)
{
	exit_signal = sig;
}

static void on_usr1(int sig)
{
	(void)sig;
	usr1_pending = 1;
}

static void install(int sig, void (*handler)(int), struct sigaction *old)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, old);
}

void rt_signals_install(struct signals_saved *saved)
{
	exit_signal = 0;
	usr1_pending = 0;
	install(SIGINT, on_exit_signal, &saved->old_int);
	install(SIGTERM, on_exit_signal, &saved->old_term);
	install(SIGUSR1, on_usr1, &saved->old_usr1);
}

void rt_signals_restore(const struct signals_saved *saved)
{
	sigaction(SIGINT, &saved->old_int, NULL);
	sigaction(SIGTERM, &saved->old_term, NULL);
	sigaction(SIGUSR1, &saved->old_usr1, NULL);
}

int rt_signals_received(void)
{
	return exit_signal;
}

bool rt_signals_take_usr1(void)
{
	/* Another SIGUSR1 between the test and the reset merges with this one, as pending signals do. */
	if (!usr1_pending)
		return false;
	usr1_pending = 0;
	return true;
}
