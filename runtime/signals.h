/* Private to runtime/: SIGINT/SIGTERM turned into a flag the event loop polls. */
#ifndef SONDE_SIGNALS_H
#define SONDE_SIGNALS_H

#include <signal.h>

struct signals_saved {
	struct sigaction old_int, old_term;
};

/* Installs the handlers (no SA_RESTART) and clears the flag; SAVED keeps the old ones. */
void signals_install(struct signals_saved *saved);
void signals_restore(const struct signals_saved *saved);
/* The signal number received since install or the last clear, or 0. */
int signals_received(void);
void signals_clear(void);

#endif
