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
	if ((v = env_value("print_maps_on_exit")))
		parse_bool(v, &cfg->print_maps_on_exit);
	if ((v = env_value("str_trunc_trailer")))
		cfg->str_trunc_trailer = v;
}

void sema_config_defaults(struct sema_config *cfg)
{
	/* As bpftrace: strings up to 1024 bytes; values over 32 bytes live in per-CPU scratch
	 * memory rather than on the 512-byte BPF stack (codegen/lower.c). */
	cfg->max_strlen = 1024;
	cfg->max_map_keys = 4096;
	cfg->print_maps_on_exit = true;
	cfg->str_trunc_trailer = "..";
	cfg->on_stack_limit = 32;
	apply_env(cfg);
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

void sema_config_apply(struct check_ctx *c, struct ast_node *config)
{
	struct sema_config *cfg = &c->prog->config;
	for (struct ast_node *item = config->list; item; item = item->next) {
		const char *key = canonical_key(c, item->str);
		if (env_value(key))
			continue; /* the environment takes precedence */
		int64_t v = 0;
		bool is_int = item->a && sema_const_int(c, item->a, &v);
		if (strcmp(key, "max_strlen") == 0 && is_int) {
			if (v < 1 || v > UINT32_MAX / 2)
				sema_error(c, item->loc, "max_strlen must be between 1 and %u", UINT32_MAX / 2);
			else
				cfg->max_strlen = (uint32_t)v;
		} else if (strcmp(key, "on_stack_limit") == 0 && is_int) {
			cfg->on_stack_limit = v < 0 ? 0 : v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
		} else if (strcmp(key, "max_map_keys") == 0 && is_int) {
			cfg->max_map_keys = (uint32_t)v;
		} else if (strcmp(key, "print_maps_on_exit") == 0 && item->a) {
			cfg->print_maps_on_exit = item->a->kind == AST_BOOL ? item->a->num != 0 : v != 0;
		} else if (strcmp(key, "str_trunc_trailer") == 0 && item->a && item->a->kind == AST_STRING) {
			cfg->str_trunc_trailer = item->a->str;
		}
		/* Other settings (stack_mode, missing_probes, ...) are accepted; their effect comes with
		 * the features they tune. */
	}
}
