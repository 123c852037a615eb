/* Private to sema/. */
#ifndef SONDE_SEMA_PRIV_H
#define SONDE_SEMA_PRIV_H

#include "sema/sema.h"

/* types */
const struct type *sema_join(struct check_ctx *c, const struct type *a, const struct type *b);
const struct type *sema_int_literal_type(uint64_t v, bool negative);
const struct type *sema_named_int(const char *name);
const struct type *sema_type_from_ast(struct check_ctx *c, struct ast_node *t);

/* Types the keys of an access to M (node MAP) and widens the map's key type to them. */
bool sema_map_keys(struct check_ctx *c, struct sema_map *m, struct ast_node *map);

/* statements */
void sema_block(struct check_ctx *c, struct ast_node *block);
struct sema_var *sema_var_find(struct check_ctx *c, const char *name);
struct sema_var *sema_var_bind(struct check_ctx *c, const char *name, const struct type *t, struct loc loc);

/* attach points */
int sema_expand_probe(struct check_ctx *c, struct ast_node *probe);

/* config */
void sema_config_defaults(struct sema_config *cfg);
void sema_config_apply(struct check_ctx *c, struct ast_node *config);

/* errors are reported only on the final pass */
void sema_error(struct check_ctx *c, struct loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool sema_collecting(const struct check_ctx *c);

#endif
