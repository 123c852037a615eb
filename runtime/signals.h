/* Private to runtime/: SIGINT/SIGTERM and SIGUSR1 turned into flags the event loop polls. */
#ifndef SONDE_SIGNALS_H
#define SONDE_SIGNALS_H

#include <signal.h>
#include <stdbool.h>

struct signals_saved {
	struct sigaction old_int, old_term, old_usr1;
};

/* Installs the handlers of SIGINT, SIGTERM and SIGUSR1 (no SA_RESTART) and clears the flags;
 * SAVED keeps the old ones. */
void rt_signals_install(struct signals_saved *saved);
void rt_signals_restore(const struct signals_saved *saved);
/* The signal number received since install, or 0. */
int rt_signals_received(void);
/* True once per SIGUSR1 received (several pending ones may merge into one). */
bool rt_signals_take_usr1(void);

#endif
