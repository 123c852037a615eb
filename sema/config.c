/* The config block: settings that change how the script compiles and runs. Each setting may also
 * come from the environment as BPFTRACE_<KEY>, which wins over the script's config block, as in
 * bpftrace. */
#include "sema/sema_priv.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The environment's value for config KEY (lower case, without the prefix), or NULL. */
static const char *env_value(const char *key)
{
	char name[64];
	int n = snprintf(name, sizeof(name), "BPFTRACE_%s", key);
	if (n < 0 || (size_t)n >= sizeof(name))
		return NULL;
	for (char *p = name; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return getenv(name);
}

static bool parse_u32(const char *s, uint32_t *out)
{
	if (!s || !*s)
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || *end || v > UINT32_MAX || s[0] == '-')
		return false;
	*out = (uint32_t)v;
	return true;
}

static bool parse_bool(const char *s, bool *out)
{
	if (!strcmp(s, "1") || !strcasecmp(s, "true")) {
		*out = true;
		return true;
	}
	if (!strcmp(s, "0") || !strcasecmp(s, "false")) {
		*out = false;
		return true;
	}
	return false;
}

static bool valid_license(const char *s);
static bool parse_missing_probes(const char *s, enum sema_missing_probes *out);

/* Applies the environment's settings over CFG. Values that do not parse are ignored (bpftrace
 * rejects them; sonde has no diagnostics sink this early). */
static void apply_env(struct sema_config *cfg)
{
	const char *v;
	if ((v = env_value("max_strlen")))
		parse_u32(v, &cfg->max_strlen);
	if ((v = env_value("max_map_keys")))
		parse_u32(v, &cfg->max_map_keys);
	if ((v = env_value("on_stack_limit")))
		parse_u32(v, &cfg->on_stack_limit);
	if ((v = env_value("perf_rb_pages")))
		parse_u32(v, &cfg->perf_rb_pages);
	uint32_t max_probes;
	if ((v = env_value("max_probes")) && parse_u32(v, &max_probes))
		cfg->max_probes = max_probes;
	if ((v = env_value("max_bpf_progs")) && parse_u32(v, &max_probes))
		cfg->max_bpf_progs = max_probes;
	if ((v = env_value("log_size")))
		parse_u32(v, &cfg->log_size);
	if ((v = env_value("max_cat_bytes")))
		parse_u32(v, &cfg->max_cat_bytes);
	if ((v = env_value("print_maps_on_exit")))
		parse_bool(v, &cfg->print_maps_on_exit);
	if ((v = env_value("show_debug_info")))
		parse_bool(v, &cfg->show_debug_info);
	if ((v = env_value("str_trunc_trailer")))
		cfg->str_trunc_trailer = v;
	if ((v = env_value("missing_probes")))
		parse_missing_probes(v, &cfg->missing_probes);
	if ((v = env_value("license")) && valid_license(v))
		cfg->license = v;
}

/* A boolean setting: true/false, a number, or a word parse_bool knows. */
static void config_bool(struct check_ctx *c, const struct ast_node *item, const char *word, bool is_int, int64_t v,
                        bool *out)
{
	if (item->a->kind == AST_BOOL)
		*out = item->a->num != 0;
	else if (is_int)
		*out = v != 0;
	else if (!word || !parse_bool(word, out))
		sema_error(c, item->loc, "%s: expecting a boolean", item->str);
}

void sema_config_defaults(struct sema_config *cfg)
{
	/* As bpftrace: strings up to 1024 bytes; values over 32 bytes live in per-CPU scratch
	 * memory rather than on the 512-byte BPF stack (codegen/lower.c). */
	cfg->max_strlen = 1024;
	cfg->max_map_keys = 4096;
	cfg->print_maps_on_exit = true;
	cfg->show_debug_info = true;
	cfg->str_trunc_trailer = "..";
	cfg->on_stack_limit = 32;
	cfg->perf_rb_pages = 64;   /* bpftrace's default: 256 KiB with 4 KiB pages */
	cfg->max_probes = 1024;
	cfg->max_bpf_progs = 1024;
	cfg->max_cat_bytes = 10240;
	cfg->log_size = 4u << 20;   /* bpftrace keeps 1 MB; complex programs' logs run longer */
	cfg->missing_probes = MISSING_PROBES_ERROR;
	cfg->license = "GPL";
	apply_env(cfg);
}

/* The licenses the kernel accepts as GPL-compatible, in bpftrace's order for the error message. */
static const char *const licenses[] = {"Dual MIT/GPL", "Dual BSD/GPL", "Dual MPL/GPL", "GPL and additional rights",
                                       "GPL v2", "GPL"};

static bool valid_license(const char *s)
{
	for (size_t i = 0; i < ARRAY_LEN(licenses); i++)
		if (strcmp(s, licenses[i]) == 0)
			return true;
	return false;
}

static bool parse_missing_probes(const char *s, enum sema_missing_probes *out)
{
	static const char *const names[] = {"error", "warn", "ignore"};
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (strcasecmp(s, names[i]) == 0) {
			*out = (enum sema_missing_probes)i;
			return true;
		}
	return false;
}

/* Every key the config block accepts (bpftrace's list). Those sonde has no use for yet are
 * accepted and ignored; unknown keys are errors, as in bpftrace. */
static const char *const known_keys[] = {
	"cache_user_symbols", "cpp_demangle", "lazy_symbolication", "license", "log_size", "max_bpf_progs",
	"max_cat_bytes", "max_map_keys", "max_probes", "max_strlen", "max_type_res_iterations", "on_stack_limit",
	"perf_rb_pages", "stack_mode", "str_trunc_trailer", "missing_probes", "print_maps_on_exit",
	"show_debug_info", "use_blazesym", "symbol_source",
};
/* Old spellings bpftrace still maps to their new names. */
static const struct { const char *old, *now; } renamed[] = {
	{"strlen", "max_strlen"}, {"no_cpp_demangle", "cpp_demangle"}, {"cat_bytes_max", "max_cat_bytes"},
	{"map_keys_max", "max_map_keys"},
};
/* Settings bpftrace reads from the environment only. */
static const char *const env_only[] = {"btf", "debug_output", "kernel_build", "kernel_source", "max_ast_nodes",
                                       "verify_llvm_ir", "vmlinux"};

/* The canonical key, or NULL after reporting why KEY is not one. */
static const char *known_key(struct check_ctx *c, struct ast_node *item, const char *key)
{
	for (size_t i = 0; i < ARRAY_LEN(renamed); i++)
		if (strcmp(key, renamed[i].old) == 0)
			return renamed[i].now;
	for (size_t i = 0; i < ARRAY_LEN(env_only); i++)
		if (strcmp(key, env_only[i]) == 0) {
			sema_error(c, item->loc, "%s: can only be set as an environment variable", item->str);
			return NULL;
		}
	if (strncmp(key, "unstable_", 9) == 0)
		return key;   /* feature flags: sonde has every feature it has on */
	for (size_t i = 0; i < ARRAY_LEN(known_keys); i++)
		if (strcmp(key, known_keys[i]) == 0)
			return key;
	sema_error(c, item->loc, "%s: not a known configuration option", item->str);
	return NULL;
}

/* Config keys may be written as `max_strlen`, `MAX_STRLEN` or `BPFTRACE_MAX_STRLEN`. */
static const char *canonical_key(struct check_ctx *c, const char *key)
{
	if (strncasecmp(key, "bpftrace_", 9) == 0)
		key += 9;
	char *k = arena_strdup(c->arena, key);
	for (char *p = k; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return k;
}

/* A value written as a string or a bare word (`missing_probes = warn`), or NULL. */
static const char *word_value(const struct ast_node *v)
{
	return v && (v->kind == AST_STRING || v->kind == AST_IDENT) ? v->str : NULL;
}

void sema_config_apply(struct check_ctx *c, struct ast_node *config)
{
	struct sema_config *cfg = &c->prog->config;
	for (struct ast_node *item = config->list; item; item = item->next) {
		const char *key = known_key(c, item, canonical_key(c, item->str));
		if (!key || env_value(key))
			continue; /* unknown (reported), or the environment takes precedence */
		int64_t v = 0;
		bool is_int = item->a && sema_const_int(c, item->a, &v);
		const char *word = word_value(item->a);
		if (strcmp(key, "max_strlen") == 0 && is_int) {
			if (v < 1 || v > UINT32_MAX / 2)
				sema_error(c, item->loc, "max_strlen must be between 1 and %u", UINT32_MAX / 2);
			else
				cfg->max_strlen = (uint32_t)v;
		} else if (strcmp(key, "on_stack_limit") == 0 && is_int) {
			cfg->on_stack_limit = v < 0 ? 0 : v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
		} else if (strcmp(key, "max_probes") == 0 && is_int) {
			cfg->max_probes = v < 0 ? 0 : (uint64_t)v;
		} else if (strcmp(key, "max_bpf_progs") == 0 && is_int) {
			cfg->max_bpf_progs = v < 0 ? 0 : (uint64_t)v;
		} else if (strcmp(key, "max_cat_bytes") == 0 && is_int) {
			cfg->max_cat_bytes = v < 0 ? 0 : v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
		} else if (strcmp(key, "log_size") == 0 && is_int) {
			if (v < 1 || v > UINT32_MAX / 4)
				sema_error(c, item->loc, "log_size must be between 1 and %u", UINT32_MAX / 4);
			else
				cfg->log_size = (uint32_t)v;
		} else if (strcmp(key, "max_map_keys") == 0 && is_int) {
			cfg->max_map_keys = (uint32_t)v;
		} else if (strcmp(key, "perf_rb_pages") == 0 && is_int) {
			if (v < 1 || v > (1 << 20))
				sema_error(c, item->loc, "perf_rb_pages must be between 1 and %u", 1u << 20);
			else
				cfg->perf_rb_pages = (uint32_t)v;
		} else if (strcmp(key, "print_maps_on_exit") == 0 && item->a) {
			config_bool(c, item, word, is_int, v, &cfg->print_maps_on_exit);
		} else if (strcmp(key, "show_debug_info") == 0 && item->a) {
			config_bool(c, item, word, is_int, v, &cfg->show_debug_info);
		} else if (strcmp(key, "str_trunc_trailer") == 0 && item->a && item->a->kind == AST_STRING) {
			cfg->str_trunc_trailer = item->a->str;
		} else if (strcmp(key, "missing_probes") == 0) {
			if (!word || !parse_missing_probes(word, &cfg->missing_probes))
				sema_error(c, item->loc, "%s: invalid value, expecting error, warn or ignore", item->str);
		} else if (strcmp(key, "license") == 0) {
			if (!word || !valid_license(word)) {
				struct strbuf sb = {0};
				for (size_t i = 0; i < ARRAY_LEN(licenses); i++)
					sb_printf(&sb, "%s%s", i ? ", " : "", licenses[i]);
				sema_error(c, item->loc, "Invalid value for license. Found: %s. Valid values: %s",
				           word ? word : "(not a string)", sb.buf);
				sb_free(&sb);
			} else {
				cfg->license = word;
			}
		}
		/* Other settings (cpp_demangle, symbol_source, ...) are accepted; their effect comes with the
		 * features they tune. */
	}
}
