/* %gr: GFP allocation flags by name, in the order and with the composite names the kernel's
 * %pGg uses. Bit values are those of Linux 6.x without KASAN/lockdep extras. */
#include "runtime/output.h"

#include <inttypes.h>

enum {
	G_DMA = 1u << 0, G_HIGHMEM = 1u << 1, G_DMA32 = 1u << 2, G_MOVABLE = 1u << 3,
	G_RECLAIMABLE = 1u << 4, G_HIGH = 1u << 5, G_IO = 1u << 6, G_FS = 1u << 7, G_ZERO = 1u << 8,
	G_DIRECT_RECLAIM = 1u << 10, G_KSWAPD_RECLAIM = 1u << 11, G_WRITE = 1u << 12, G_NOWARN = 1u << 13,
	G_RETRY_MAYFAIL = 1u << 14, G_NOFAIL = 1u << 15, G_NORETRY = 1u << 16, G_MEMALLOC = 1u << 17,
	G_COMP = 1u << 18, G_NOMEMALLOC = 1u << 19, G_HARDWALL = 1u << 20, G_THISNODE = 1u << 21,
	G_ACCOUNT = 1u << 22, G_ZEROTAGS = 1u << 23,
	G_RECLAIM = G_DIRECT_RECLAIM | G_KSWAPD_RECLAIM,
	GFP_KERNEL = G_RECLAIM | G_IO | G_FS,
	GFP_USER = GFP_KERNEL | G_HARDWALL,
	GFP_HIGHUSER = GFP_USER | G_HIGHMEM,
	GFP_HIGHUSER_MOVABLE = GFP_HIGHUSER | G_MOVABLE,
	GFP_TRANSHUGE_LIGHT = (GFP_HIGHUSER_MOVABLE | G_COMP | G_NOMEMALLOC | G_NOWARN) & ~G_RECLAIM,
};

struct gfp_name {
	uint64_t mask;
	const char *name;
};

static const struct gfp_name names[] = {
	{ GFP_TRANSHUGE_LIGHT | G_DIRECT_RECLAIM, "GFP_TRANSHUGE" },
	{ GFP_TRANSHUGE_LIGHT, "GFP_TRANSHUGE_LIGHT" },
	{ GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE" },
	{ GFP_HIGHUSER, "GFP_HIGHUSER" },
	{ GFP_USER, "GFP_USER" },
	{ GFP_KERNEL | G_ACCOUNT, "GFP_KERNEL_ACCOUNT" },
	{ GFP_KERNEL, "GFP_KERNEL" },
	{ G_RECLAIM | G_IO, "GFP_NOFS" },
	{ G_HIGH | G_KSWAPD_RECLAIM, "GFP_ATOMIC" },
	{ G_RECLAIM, "GFP_NOIO" },
	{ G_KSWAPD_RECLAIM, "GFP_NOWAIT" },
	{ G_DMA, "GFP_DMA" },
	{ G_HIGHMEM, "__GFP_HIGHMEM" },
	{ G_DMA32, "GFP_DMA32" },
	{ G_HIGH, "__GFP_HIGH" },
	{ G_IO, "__GFP_IO" },
	{ G_FS, "__GFP_FS" },
	{ G_NOWARN, "__GFP_NOWARN" },
	{ G_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL" },
	{ G_NOFAIL, "__GFP_NOFAIL" },
	{ G_NORETRY, "__GFP_NORETRY" },
	{ G_COMP, "__GFP_COMP" },
	{ G_ZERO, "__GFP_ZERO" },
	{ G_NOMEMALLOC, "__GFP_NOMEMALLOC" },
	{ G_MEMALLOC, "__GFP_MEMALLOC" },
	{ G_HARDWALL, "__GFP_HARDWALL" },
	{ G_THISNODE, "__GFP_THISNODE" },
	{ G_RECLAIMABLE, "__GFP_RECLAIMABLE" },
	{ G_MOVABLE, "__GFP_MOVABLE" },
	{ G_ACCOUNT, "__GFP_ACCOUNT" },
	{ G_WRITE, "__GFP_WRITE" },
	{ G_RECLAIM, "__GFP_RECLAIM" },
	{ G_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM" },
	{ G_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM" },
	{ G_ZEROTAGS, "__GFP_ZEROTAGS" },
};

void rt_out_gfp_flags(struct strbuf *sb, uint64_t flags)
{
	for (size_t i = 0; flags && i < ARRAY_LEN(names); i++) {
		if ((flags & names[i].mask) != names[i].mask)
			continue;
		sb_puts(sb, names[i].name);
		flags &= ~names[i].mask;
		if (flags)
			sb_putc(sb, '|');
	}
	/* Bits without a name are shown as a number, as the kernel does. */
	if (flags)
		sb_printf(sb, "0x%" PRIx64, flags);
}
