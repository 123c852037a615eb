/* Small facades builtin emitters need beyond cg_api.c: annotating events and asking which kind of
 * probe is being lowered. */
#include "codegen/cg_priv.h"

#include <string.h>

struct mf_event *cg_event_get(struct cg *cg, int id)
{
	return id >= 0 && (size_t)id < cg->nevents ? &cg->events[id] : NULL;
}

void cg_event_set_node_loc(struct cg *cg, int id, const struct ast_node *node, const char *level)
{
	struct mf_event *ev = cg_event_get(cg, id);
	if (!ev || node->loc.first_line <= 0)
		return;
	const struct source *main = cg->diags ? cg->diags->src : NULL;
	struct strbuf head = {0}, rest = {0};
	diag_header(&head, ast_origin_source(node->origin, main), node->loc);
	diag_excerpt(&rest, ast_origin_source(node->origin, main), node->loc);
	/* Code from a macro: where each macro of the chain was called, as sema reports it. */
	for (const struct loc_origin *o = node->origin; o && o->from.first_line > 0; o = o->from_origin) {
		const struct source *at = ast_origin_source(o->from_origin, main);
		diag_header(&rest, at, o->from);
		sb_printf(&rest, ": %s: expanded from\n", level);
		diag_excerpt(&rest, at, o->from);
	}
	ev->loc = arena_strdup(cg->arena, head.buf ? head.buf : "");
	ev->loc_source = rest.buf ? arena_strdup(cg->arena, rest.buf) : NULL;
	sb_free(&head);
	sb_free(&rest);
}

void cg_event_set_loc(struct cg *cg, int id, struct loc loc)
{
	struct ast_node at = {.loc = loc};
	cg_event_set_node_loc(cg, id, &at, "WARNING");
}

const struct probe_type *cg_probe_type(struct cg *cg)
{
	return cg->probe ? cg->probe->type : NULL;
}

const struct sema_config *cg_config(struct cg *cg)
{
	return &cg->prog->config;
}
