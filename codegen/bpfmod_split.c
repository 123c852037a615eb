/* Long basic blocks cut into pieces before instruction selection. LLVM's code generator does work
 * quadratic in the length of a block (its two-address pass rescans the block for each
 * instruction), so a script of 16,000 straight-line statements took 48 s to compile in one block
 * and 5 s in blocks of BLOCK_MAX instructions. The pieces follow one another in the layout: no
 * instruction is added to the program. */
#include "codegen/bpfmod.h"

#include <stdio.h>
#include <string.h>

enum { BLOCK_MAX = 512 };

/* PHI nodes of SUCC that name FROM as a predecessor, rebuilt to name TO (LLVM-C cannot change an
 * incoming block in place). */
static void repoint_phis(struct bpfmod *m, LLVMBasicBlockRef succ, LLVMBasicBlockRef from, LLVMBasicBlockRef to)
{
	LLVMBuilderRef b = LLVMCreateBuilderInContext(m->ctx);
	for (LLVMValueRef phi = LLVMGetFirstInstruction(succ), next; phi && LLVMIsAPHINode(phi); phi = next) {
		next = LLVMGetNextInstruction(phi);
		unsigned n = LLVMCountIncoming(phi);
		bool names_from = false;
		for (unsigned i = 0; i < n; i++)
			names_from |= LLVMGetIncomingBlock(phi, i) == from;
		if (!names_from)
			continue;
		LLVMPositionBuilderBefore(b, phi);
		LLVMValueRef fresh = LLVMBuildPhi(b, LLVMTypeOf(phi), "");
		for (unsigned i = 0; i < n; i++) {
			LLVMValueRef v = LLVMGetIncomingValue(phi, i);
			LLVMBasicBlockRef bb = LLVMGetIncomingBlock(phi, i) == from ? to : LLVMGetIncomingBlock(phi, i);
			LLVMAddIncoming(fresh, &v, &bb, 1);
		}
		size_t len;
		const char *name = LLVMGetValueName2(phi, &len);
		char keep[256];
		snprintf(keep, sizeof(keep), "%.*s", (int)len, name);
		LLVMReplaceAllUsesWith(phi, fresh);
		LLVMInstructionEraseFromParent(phi);
		LLVMSetValueName2(fresh, keep, strlen(keep));
	}
	LLVMDisposeBuilder(b);
}

/* Moves AT and everything after it in its block into a new block placed right after, which the
 * old block falls through to. Returns the new block. */
static LLVMBasicBlockRef split_at(struct bpfmod *m, LLVMValueRef fn, LLVMValueRef at)
{
	LLVMBasicBlockRef block = LLVMGetInstructionParent(at), after = LLVMGetNextBasicBlock(block);
	LLVMBasicBlockRef tail = after ? LLVMInsertBasicBlockInContext(m->ctx, after, "cont")
	                               : LLVMAppendBasicBlockInContext(m->ctx, fn, "cont");
	LLVMBuilderRef b = LLVMCreateBuilderInContext(m->ctx);
	LLVMPositionBuilderAtEnd(b, tail);
	for (LLVMValueRef i = at, next; i; i = next) {
		next = LLVMGetNextInstruction(i);
		LLVMInstructionRemoveFromParent(i);
		LLVMInsertIntoBuilder(b, i);
	}
	LLVMPositionBuilderAtEnd(b, block);
	LLVMValueRef br = LLVMBuildBr(b, tail);
	LLVMInstructionSetDebugLoc(br, LLVMInstructionGetDebugLoc(at));
	LLVMDisposeBuilder(b);
	LLVMValueRef term = LLVMGetBasicBlockTerminator(tail);
	for (unsigned s = 0; term && s < LLVMGetNumSuccessors(term); s++)
		repoint_phis(m, LLVMGetSuccessor(term, s), block, tail);
	return tail;
}

/* Cuts BLOCK every BLOCK_MAX instructions; allocas stay in the entry block, where BPF needs them. */
static void split_block(struct bpfmod *m, LLVMValueRef fn, LLVMBasicBlockRef block)
{
	unsigned count = 0;
	for (LLVMValueRef i = LLVMGetFirstInstruction(block); i; i = LLVMGetNextInstruction(i)) {
		if (LLVMIsAPHINode(i) || LLVMIsAAllocaInst(i))
			continue;
		if (++count > BLOCK_MAX && !LLVMIsATerminatorInst(i)) {
			block = split_at(m, fn, i);
			count = 1;
		}
	}
}

void bpfmod_split_long_blocks(struct bpfmod *m)
{
	for (LLVMValueRef fn = LLVMGetFirstFunction(m->mod); fn; fn = LLVMGetNextFunction(fn))
		for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
			split_block(m, fn, bb);
}
