/* Private to runtime/: SIGINT/SIGTERM turned into a flag the event loop polls. */
#ifndef SONDE_SIGNALS_H
#define SONDE_SIGNALS_H

#include <signal.h>
#include <stdbool.h>

struct signals_saved {
	struct sigaction old_int, old_term, old_usr1;
	bool usr1;                  /* SIGUSR1 is watched: old_usr1 is to be put back */
};

/* Installs the handlers (no SA_RESTART) and clears the flag; SAVED keeps the old ones. */
void rt_signals_install(struct signals_saved *saved);
void rt_signals_restore(const struct signals_saved *saved);
/* The signal number received since install or the last clear, or 0. */
int rt_signals_received(void);
void rt_signals_clear(void);
/* Makes SIGUSR1 a trigger (self:signal:SIGUSR1) rather than the end of the process. */
void rt_signals_watch_usr1(struct signals_saved *saved);
/* True once per SIGUSR1 received (several pending ones may merge into one). */
bool rt_signals_take_usr1(void);

#endif
