/* Statements and control flow. */
#include "codegen/cg_priv.h"

static void stmt(struct cg *cg, struct ast_node *s);

static void assign(struct cg *cg, struct ast_node *s)
{
	struct ast_node *t = s->a, *v = s->b;
	if (t->kind == AST_MAP && v->kind == AST_CALL && (((const struct builtin *)v->sym)->flags & BUILTIN_AGGREGATION)) {
		cg_map_aggregate(cg, t->sym, t, v);
		return;
	}
	LLVMValueRef val;
	const struct type *vt = v->type;
	if (s->op != OP_NONE) {
		bool sgn = type_signed_op(t->type, v->type);
		LLVMValueRef cur = cg_lower_expr(cg, t), rhs = cg_lower_expr(cg, v);  /* left to right */
		const struct type *pt = t->type && t->type->kind == TY_PTR ? t->type : NULL;
		if (pt && pt->elem && pt->elem->size > 1)   /* p += n moves n elements */
			rhs = LLVMBuildMul(cg->m->b, rhs, cg_const64(cg, pt->elem->size), "scale");
		val = V(cg_binop(cg, s->op, CV(cur), CV(rhs), sgn));
		vt = pt ? pt : type_int(8, sgn);
	} else {
		val = cg_lower_expr(cg, v);
	}
	if (t->kind == AST_VAR) {
		struct sema_var *var = t->sym;
		cg_convert_store(cg, cg->vars[var->index], var->type, val, vt);
	} else if (t->kind == AST_MAP) {
		cg_map_write(cg, t->sym, t, val, vt);
	}
}

static void if_stmt(struct cg *cg, struct ast_node *s)
{
	LLVMBuilderRef bd = cg->m->b;
	LLVMValueRef c = cg_truth(cg, cg_lower_expr(cg, s->a), s->a->type);
	LLVMBasicBlockRef bt = cg_block(cg, "if.then"), bf = cg_block(cg, "if.else"), done = cg_block(cg, "if.end");
	LLVMBuildCondBr(bd, c, bt, bf);
	LLVMPositionBuilderAtEnd(bd, bt);
	cg_stmt_block(cg, s->b);
	if (!cg_terminated(cg))
		LLVMBuildBr(bd, done);
	LLVMPositionBuilderAtEnd(bd, bf);
	if (s->c)
		stmt(cg, s->c);
	if (!cg_terminated(cg))
		LLVMBuildBr(bd, done);
	LLVMPositionBuilderAtEnd(bd, done);
}

static bool push_loop(struct cg *cg, LLVMBasicBlockRef brk, LLVMBasicBlockRef cont, struct loc loc)
{
	if (cg->loop_depth == CG_MAX_LOOP_DEPTH) {
		cg_error(cg, loc, "Loops nest too deeply");
		return false;
	}
	cg->brk[cg->loop_depth] = brk;
	cg->cont[cg->loop_depth] = cont;
	cg->loop_depth++;
	return true;
}

static void while_stmt(struct cg *cg, struct ast_node *s)
{
	LLVMBuilderRef bd = cg->m->b;
	LLVMBasicBlockRef cond = cg_block(cg, "while.cond"), body = cg_block(cg, "while.body"), done = cg_block(cg, "while.end");
	LLVMBuildBr(bd, cond);
	LLVMPositionBuilderAtEnd(bd, cond);
	LLVMBuildCondBr(bd, cg_truth(cg, cg_lower_expr(cg, s->a), s->a->type), body, done);
	LLVMPositionBuilderAtEnd(bd, body);
	if (push_loop(cg, done, cond, s->loc)) {
		cg_stmt_block(cg, s->b);
		cg->loop_depth--;
	}
	if (!cg_terminated(cg))
		LLVMBuildBr(bd, cond);
	LLVMPositionBuilderAtEnd(bd, done);
}

static void stmt(struct cg *cg, struct ast_node *s)
{
	if (cg_terminated(cg))
		LLVMPositionBuilderAtEnd(cg->m->b, cg_block(cg, "dead"));
	bpfmod_set_loc(cg->m, (unsigned)s->loc.first_line, (unsigned)s->loc.first_col);
	const struct ast_node *outer = cg->site;
	cg->site = s;   /* helpers of the statement itself (a map update) are called for it */
	switch (s->kind) {
	case AST_EXPR_STMT:
		cg_lower_expr(cg, s->a);
		break;
	case AST_ASSIGN:
		assign(cg, s);
		break;
	case AST_LET: {
		/* A declaration starts the variable afresh: zero unless it has an initialiser. */
		struct sema_var *v = s->a->sym;
		if (s->c)
			cg_convert_store(cg, cg->vars[v->index], v->type, cg_lower_expr(cg, s->c), s->c->type);
		else if (v->type && v->type->size)
			bpfmod_memzero(cg->m, cg->vars[v->index], v->type->size);
		break;
	}
	case AST_IF:
		if_stmt(cg, s);
		break;
	case AST_WHILE:
		while_stmt(cg, s);
		break;
	case AST_FOR_RANGE:
		cg_for_range(cg, s);
		break;
	case AST_UNROLL: {
		int64_t n = 0;
		struct check_ctx cc = {.prog = (struct typed_program *)cg->prog};
		sema_const_int(&cc, s->a, &n);
		for (int64_t i = 0; i < n; i++)
			cg_stmt_block(cg, s->b);
		break;
	}
	case AST_BREAK:
	case AST_CONTINUE:
		if (cg->loop_depth) {
			LLVMBasicBlockRef to = s->kind == AST_BREAK ? cg->brk[cg->loop_depth - 1] : cg->cont[cg->loop_depth - 1];
			LLVMBuildBr(cg->m->b, to);
		}
		break;
	case AST_RETURN:   /* the program's return value: a test probe's verdict, say */
		cg_probe_return(cg, s->a ? V(cg_convert(cg, CV(cg_lower_expr(cg, s->a)), s->a->type, type_int(8, true)))
		                         : NULL);
		break;
	case AST_FOR_MAP:
		cg_for_map(cg, s);
		break;
	case AST_BLOCK:
		cg_stmt_block(cg, s);
		break;
	default:
		cg_error(cg, s->loc, "This statement is not supported yet");
		break;
	}
	cg->site = outer;
}

void cg_stmt_block(struct cg *cg, struct ast_node *block)
{
	for (struct ast_node *s = block->list; s; s = s->next)
		stmt(cg, s);
}
