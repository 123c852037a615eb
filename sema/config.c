/* The config block: settings that change how the script compiles and runs. */
#include "sema/sema_priv.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

void sema_config_defaults(struct sema_config *cfg)
{
	/* bpftrace's default max_strlen is 1024; strings live on the 512-byte BPF stack here, so
	 * sonde keeps them shorter until large values move to scratch maps. */
	cfg->max_strlen = 64;
	cfg->max_map_keys = 4096;
	cfg->print_maps_on_exit = true;
	cfg->str_trunc_trailer = "..";
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
		int64_t v = 0;
		bool is_int = item->a && sema_const_int(c, item->a, &v);
		if (strcmp(key, "max_strlen") == 0 && is_int)
			cfg->max_strlen = v > 200 ? 200 : (uint32_t)v;
		else if (strcmp(key, "max_map_keys") == 0 && is_int)
			cfg->max_map_keys = (uint32_t)v;
		else if (strcmp(key, "print_maps_on_exit") == 0 && item->a)
			cfg->print_maps_on_exit = item->a->kind == AST_BOOL ? item->a->num != 0 : v != 0;
		else if (strcmp(key, "str_trunc_trailer") == 0 && item->a && item->a->kind == AST_STRING)
			cfg->str_trunc_trailer = item->a->str;
		/* Other settings (stack_mode, on_stack_limit, ...) are accepted; their effect comes with
		 * the features they tune. */
	}
}
