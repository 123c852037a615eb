/* Small facades builtin emitters need beyond cg_api.c: annotating events and asking which kind of
 * probe is being lowered. */
#include "codegen/cg_priv.h"

#include <string.h>

struct mf_event *cg_event_get(struct cg *cg, int id)
{
	return id >= 0 && (size_t)id < cg->nevents ? &cg->events[id] : NULL;
}

void cg_event_set_loc(struct cg *cg, int id, struct loc loc)
{
	struct mf_event *ev = cg_event_get(cg, id);
	if (!ev || loc.first_line <= 0)
		return;
	const struct source *src = cg->diags ? cg->diags->src : NULL;
	const char *name = src && src->name ? src->name : "stdin";
	/* Same shapes as parser/diag.c: a range over several lines has no excerpt. */
	if (loc.last_line > loc.first_line)
		ev->loc = arena_printf(cg->arena, "%s:%d-%d", name, loc.first_line, loc.last_line);
	else
		ev->loc = arena_printf(cg->arena, "%s:%d:%d-%d", name, loc.first_line, loc.first_col, loc.last_col);
	if (loc.last_line > loc.first_line || !src || !src->text)
		return;

	const char *p = src->text, *end = src->text + src->len;
	for (int l = 1; l < loc.first_line && p; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : NULL;
	}
	if (!p)
		return;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t len = (size_t)((nl ? nl : end) - p);
	if (len && p[len - 1] == '\r')
		len--;
	int width = loc.last_col - loc.first_col;
	if (width < 1)
		width = 1;
	size_t indent = loc.first_col > 1 ? (size_t)loc.first_col - 1 : 0;
	size_t total = len + 1 + indent + (size_t)width + 1;
	char *text = arena_alloc(cg->arena, total + 1);
	memcpy(text, p, len);
	text[len] = '\n';
	memset(text + len + 1, ' ', indent);
	memset(text + len + 1 + indent, '~', (size_t)width);
	text[total - 1] = '\n';
	text[total] = '\0';
	ev->loc_source = text;
}

enum attach_kind cg_probe_kind(struct cg *cg)
{
	return cg->probe ? cg->probe->kind : ATTACH_BEGIN;
}

const struct sema_config *cg_config(struct cg *cg)
{
	return &cg->prog->config;
}
