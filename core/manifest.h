/* Part of core/core.h (include that). The manifest: everything the runtime must know about a
 * compiled program besides its bytecode. Plain data (strings, numbers, types), so it could be
 * written out and read back with the ELF. */
#ifndef SONDE_CORE_MANIFEST_H
#define SONDE_CORE_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/type.h"
#include "parser/parser.h"

struct probe_type;

/* One concrete attach point. Its probe type is a record (core/probe_type.h); written out, it is
 * the type's name, looked up again when read back. */
struct mf_attach {
	const struct probe_type *type;
	const char *target;
	const char *func;
	const char *unit;
	uint64_t value;
	const char *probe_name;  /* the full name `probe` prints, e.g. "tracepoint:syscalls:sys_enter_read" */
	/* Its name's index in manifest.probe_names, which attach points of one name (a USDT probe's
	 * sites) share: the value of `probe`, and the BPF cookie of a program that reads it. */
	uint32_t name_index;
	struct loc loc;          /* the attach point in the script, for errors when attaching */
	const char *debuginfo;   /* user probes: --debuginfo directories for the binary's DWARF, or NULL */
	bool on_boundary;        /* uprobes: func+value is an instruction's start by the line table */
};

struct mf_program {
	const char *func_name;   /* the program's symbol in the ELF */
	struct mf_attach *attach;
	size_t nattach;
	/* The program reads which attach point fired from its BPF cookie: each attachment carries
	 * that attach point's name_index. */
	bool cookies;
	/* kprobe_session: the kretprobe program folded into this kprobe one (it runs when the function
	 * returns), its attach points matching attach's one to one; NULL otherwise. With cookies,
	 * each attachment's cookie holds both name indexes, the kretprobe's in the upper 32 bits. */
	const struct mf_attach *session_return;
};

enum mf_map_storage {
	MAP_HASH,
	MAP_PERCPU_HASH,
	MAP_ARRAY,
	MAP_PERCPU_ARRAY,
	MAP_LRU_HASH,
	MAP_PERCPU_LRU_HASH,
};

/* A user-visible map (`@name`). Keys: a scalar map has key NULL and is stored under the u64 key 0.
 * For TY_HIST/TY_LHIST values the stored key is the user key followed by a u64 bucket index. */
struct mf_map {
	const char *name;        /* "@x", or "@" */
	const char *elf_name;    /* the map's symbol in the ELF */
	enum mf_map_storage storage;
	uint32_t max_entries;
	const struct type *key;  /* the user key type (tuple for several keys), NULL for a scalar map */
	uint32_t key_size;       /* stored key bytes */
	const struct type *value;
	uint32_t value_size;     /* stored value bytes per CPU */
};

/* Asynchronous actions: the program writes a record to the ring buffer, the runtime acts on it
 * (runtime/events.c: one handler per kind, in a table indexed by kind that must have a row for
 * each). A record is a u64 event index into manifest.events, then the payload laid out as `args`. */
enum mf_event_kind {
	EV_PRINTF,        /* fmt; args: the values of the conversions */
	EV_PRINT_VALUE,   /* args: one field, the value to print */
	EV_PRINT_MAP,     /* map; args: (top, div) as u64 fields, may be NULL */
	EV_CLEAR_MAP,     /* map */
	EV_ZERO_MAP,      /* map */
	EV_EXIT,          /* args: (exit code) */
	EV_TIME,          /* fmt: strftime format, NULL for the default */
	EV_CAT,           /* fmt: file name format; args */
	EV_SYSTEM,        /* fmt: command format; args */
	EV_JOIN,          /* fmt: separator; args: one field, a char* array read by the program */
	EV_ERRORF,        /* like printf, on stderr with the probe's location */
	EV_SKB_OUTPUT,    /* fmt: pcap file; value: bytes left out of each packet; args: (nsecs since boot,
	                     length), then the packet (through the perf event array, not the ring buffer) */
	EV_PROCESS_SEEN,  /* args: (pid): the program recorded user addresses of this process for the first
	                     time; the runtime reads its mappings while it lives, so they resolve later */
	EV_HELPER_ERROR,  /* fmt: the helper's name ("probe_read_user"); args: (its negative return): -k */
	EV_KIND_COUNT
};

/* skboutput()'s perf event array, by its ELF name (bpf_skb_output writes only to one). */
#define MF_SKB_EVENTS_MAP "skb_events"

struct mf_event {
	enum mf_event_kind kind;
	const char *fmt;
	const struct type *args;  /* TY_TUPLE, or NULL for no payload */
	int map;                  /* index into manifest.maps, or -1 */
	/* EV_ERRORF: where the call is ("stdin:1:9-62") and the source line with a ~~~ marker under
	 * the call, so the message reads like a compile-time diagnostic; NULL when unknown. */
	const char *loc;
	const char *loc_source;
	const char *loc_file;     /* the same place as file, line and column, for JSON */
	int loc_line, loc_col;
	bool warning;             /* EV_ERRORF from warnf(): WARNING, silenced by --no-warnings */
	uint64_t value;           /* EV_SKB_OUTPUT: its offset */
};

/* A BPF helper call a program makes and the script expression it is made for, so that a helper
 * the verifier refuses in a probe is reported at each place the script calls it. */
struct mf_helper_site {
	int helper;               /* the helper's number (BPF_FUNC_*) */
	size_t program;           /* index into manifest.programs */
	/* As mf_event.loc and loc_source: "stdin:1:37-59", then the source line, the marker under
	 * the expression and any "expanded from" notes; loc is NULL when no expression is known. */
	const char *loc;
	const char *loc_source;
};

struct manifest {
	struct mf_program *programs;
	size_t nprograms;
	struct mf_helper_site *helper_sites;   /* one per helper, program and expression */
	size_t nhelper_sites;
	struct mf_map *maps;
	size_t nmaps;
	struct mf_event *events;
	size_t nevents;
	const char *ringbuf_name;   /* the ring buffer map's symbol in the ELF */
	const char *lost_name;      /* its one-u64 array counting records dropped for want of room */
	const char **probe_names;   /* indexed by TY_PROBE values, each name once */
	size_t nprobe_names;
	size_t nsession_names;      /* of them, those only a folded kretprobe has: one probe with its kprobe */
	const char *str_trunc_trailer; /* config str_trunc_trailer: appended to truncated strings */
	bool no_maps_on_exit;       /* config print_maps_on_exit = false: maps are not printed at exit */
	bool show_debug_info;       /* config show_debug_info: user frames get file:line and inlined frames */
	uint32_t log_size;          /* config log_size: verifier log bytes per program */
	uint32_t max_cat_bytes;     /* config max_cat_bytes: how much of a file cat() prints */
	const char *license;        /* config license, validated by sema (the object's own section is "GPL") */
};

#endif
