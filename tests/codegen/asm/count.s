	.text
	.file	"sonde"
	.section	tracepoint,"ax",@progbits
	.globl	tracepoint_raw_syscalls_sys_enter_0
	.p2align	3
	.type	tracepoint_raw_syscalls_sys_enter_0,@function
tracepoint_raw_syscalls_sys_enter_0:
.Lfunc_begin0:
	.cfi_sections .debug_frame
	.cfi_startproc
	.file	1 "." "count.bt"
	.loc	1 1 37 prologue_end
.Ltmp0:
	call 14
	r0 >>= 32
	*(u32 *)(r10 - 8) = w0
	r2 = r10
	r2 += -8
	r1 = AT_ ll
	call 1
	if r0 != 0 goto LBB0_10
	.loc	1 0 37 is_stmt 0
	r1 = 0
	.loc	1 1 37
	*(u64 *)(r10 - 16) = r1
	r2 = r10
	r2 += -8
	r3 = r10
	r3 += -16
	r1 = AT_ ll
	r4 = 1
	call 2
	if r0 == -7 goto LBB0_3
LBB0_2:
	.loc	1 0 37
	r2 = r10
	r2 += -8
	.loc	1 1 37
	r1 = AT_ ll
	call 1
	if r0 == 0 goto LBB0_11
LBB0_10:
	r1 = *(u64 *)(r0 + 0)
	r1 += 1
	*(u64 *)(r0 + 0) = r1
LBB0_11:
	r0 = 0
	exit
LBB0_3:
	.loc	1 0 37
	w1 = 0
	.loc	1 1 37
	*(u32 *)(r10 - 24) = w1
	r2 = r10
	r2 += -24
	r1 = warned ll
	call 1
	if r0 == 0 goto LBB0_2
	r1 = *(u64 *)(r0 + 0)
	if r1 == 0 goto LBB0_4
	goto LBB0_2
LBB0_4:
	.loc	1 0 37
	r1 = 1
	.loc	1 1 37
	*(u64 *)(r0 + 0) = r1
	r1 = 0
	*(u64 *)(r10 - 32) = r1
	r1 = ringbuf ll
	r2 = 0
	call 134
	w4 = 1
	if r0 > 65536 goto LBB0_6
	.loc	1 0 37
	w4 = 0
LBB0_6:
	.loc	1 1 37
	r4 <<= 1
	r2 = r10
	r2 += -32
	r1 = ringbuf ll
	r3 = 8
	call 130
	if r0 == 0 goto LBB0_2
	.loc	1 0 37
	w1 = 0
	.loc	1 1 37
	*(u32 *)(r10 - 40) = w1
	r2 = r10
	r2 += -40
	r1 = lost ll
	call 1
	if r0 == 0 goto LBB0_2
	.loc	1 0 37
	r1 = 1
	.loc	1 1 37
	lock *(u64 *)(r0 + 0) += r1
	goto LBB0_2
.Ltmp1:
.Ltmp2:
.Lfunc_end0:
	.size	tracepoint_raw_syscalls_sys_enter_0, .Lfunc_end0-tracepoint_raw_syscalls_sys_enter_0
	.cfi_endproc

	.type	AT_,@object
	.section	.maps,"aw",@progbits
	.globl	AT_
	.p2align	3, 0x0
AT_:
	.zero	32
	.size	AT_, 32

	.type	ringbuf,@object
	.globl	ringbuf
	.p2align	3, 0x0
ringbuf:
	.zero	16
	.size	ringbuf, 16

	.type	lost,@object
	.globl	lost
	.p2align	3, 0x0
lost:
	.zero	32
	.size	lost, 32

	.type	warned,@object
	.globl	warned
	.p2align	3, 0x0
warned:
	.zero	32
	.size	warned, 32

	.type	LICENSE,@object
	.section	license,"aw",@progbits
	.globl	LICENSE
LICENSE:
	.asciz	"GPL"
	.size	LICENSE, 4

	.section	.debug_abbrev,"",@progbits
	.byte	1
	.byte	17
	.byte	1
	.byte	37
	.byte	14
	.byte	19
	.byte	5
	.byte	3
	.byte	14
	.byte	16
	.byte	23
	.byte	27
	.byte	14
	.ascii	"\264B"
	.byte	25
	.byte	17
	.byte	1
	.byte	18
	.byte	6
	.byte	0
	.byte	0
	.byte	2
	.byte	52
	.byte	0
	.byte	3
	.byte	14
	.byte	73
	.byte	19
	.byte	63
	.byte	25
	.ascii	"\210\001"
	.byte	15
	.byte	2
	.byte	24
	.byte	110
	.byte	14
	.byte	0
	.byte	0
	.byte	3
	.byte	19
	.byte	1
	.byte	11
	.byte	11
	.ascii	"\210\001"
	.byte	15
	.byte	0
	.byte	0
	.byte	4
	.byte	13
	.byte	0
	.byte	3
	.byte	14
	.byte	73
	.byte	19
	.ascii	"\210\001"
	.byte	15
	.byte	56
	.byte	11
	.byte	0
	.byte	0
	.byte	5
	.byte	15
	.byte	0
	.byte	73
	.byte	19
	.byte	51
	.byte	6
	.byte	0
	.byte	0
	.byte	6
	.byte	1
	.byte	1
	.byte	73
	.byte	19
	.byte	0
	.byte	0
	.byte	7
	.byte	33
	.byte	0
	.byte	73
	.byte	19
	.byte	55
	.byte	11
	.byte	0
	.byte	0
	.byte	8
	.byte	36
	.byte	0
	.byte	3
	.byte	14
	.byte	62
	.byte	11
	.byte	11
	.byte	11
	.byte	0
	.byte	0
	.byte	9
	.byte	36
	.byte	0
	.byte	3
	.byte	14
	.byte	11
	.byte	11
	.byte	62
	.byte	11
	.byte	0
	.byte	0
	.byte	10
	.byte	33
	.byte	0
	.byte	73
	.byte	19
	.byte	55
	.byte	5
	.byte	0
	.byte	0
	.byte	11
	.byte	33
	.byte	0
	.byte	73
	.byte	19
	.byte	55
	.byte	6
	.byte	0
	.byte	0
	.byte	12
	.byte	46
	.byte	1
	.byte	17
	.byte	1
	.byte	18
	.byte	6
	.byte	64
	.byte	24
	.byte	110
	.byte	14
	.byte	3
	.byte	14
	.byte	58
	.byte	11
	.byte	59
	.byte	11
	.byte	39
	.byte	25
	.byte	73
	.byte	19
	.byte	63
	.byte	25
	.byte	0
	.byte	0
	.byte	13
	.byte	5
	.byte	0
	.byte	3
	.byte	14
	.byte	58
	.byte	11
	.byte	59
	.byte	11
	.byte	73
	.byte	19
	.byte	0
	.byte	0
	.byte	14
	.byte	15
	.byte	0
	.byte	51
	.byte	6
	.byte	0
	.byte	0
	.byte	0
	.section	.debug_info,"",@progbits
.Lcu_begin0:
	.long	.Ldebug_info_end0-.Ldebug_info_start0
.Ldebug_info_start0:
	.short	4
	.long	.debug_abbrev
	.byte	8
	.byte	1
	.long	.Linfo_string0
	.short	2
	.long	.Linfo_string1
	.long	.Lline_table_start0
	.long	.Linfo_string2

	.quad	.Lfunc_begin0
	.long	.Lfunc_end0-.Lfunc_begin0
	.byte	2
	.long	.Linfo_string3
	.long	66

	.byte	8
	.byte	9
	.byte	3
	.quad	AT_
	.long	.Linfo_string3
	.byte	3
	.byte	32
	.byte	8
	.byte	4
	.long	.Linfo_string4
	.long	114
	.byte	8
	.byte	0
	.byte	4
	.long	.Linfo_string7
	.long	149
	.byte	8
	.byte	8
	.byte	4
	.long	.Linfo_string8
	.long	171
	.byte	8
	.byte	16
	.byte	4
	.long	.Linfo_string9
	.long	192
	.byte	8
	.byte	24
	.byte	0
	.byte	5
	.long	123
	.long	0
	.byte	6
	.long	135
	.byte	7
	.long	142
	.byte	5
	.byte	0
	.byte	8
	.long	.Linfo_string5
	.byte	5
	.byte	4
	.byte	9
	.long	.Linfo_string6
	.byte	8
	.byte	7
	.byte	5
	.long	158
	.long	0
	.byte	6
	.long	135
	.byte	10
	.long	142
	.short	4096
	.byte	0
	.byte	5
	.long	180
	.long	0
	.byte	6
	.long	135
	.byte	7
	.long	142
	.byte	4
	.byte	0
	.byte	5
	.long	201
	.long	0
	.byte	6
	.long	135
	.byte	7
	.long	142
	.byte	8
	.byte	0
	.byte	2
	.long	.Linfo_string10
	.long	237

	.byte	8
	.byte	9
	.byte	3
	.quad	ringbuf
	.long	.Linfo_string10
	.byte	3
	.byte	16
	.byte	8
	.byte	4
	.long	.Linfo_string4
	.long	263
	.byte	8
	.byte	0
	.byte	4
	.long	.Linfo_string7
	.long	284
	.byte	8
	.byte	8
	.byte	0
	.byte	5
	.long	272
	.long	0
	.byte	6
	.long	135
	.byte	7
	.long	142
	.byte	27
	.byte	0
	.byte	5
	.long	293
	.long	0
	.byte	6
	.long	135
	.byte	11
	.long	142
	.long	262144
	.byte	0
	.byte	2
	.long	.Linfo_string11
	.long	332

	.byte	8
	.byte	9
	.byte	3
	.quad	lost
	.long	.Linfo_string11
	.byte	3
	.byte	32
	.byte	8
	.byte	4
	.long	.Linfo_string4
	.long	380
	.byte	8
	.byte	0
	.byte	4
	.long	.Linfo_string7
	.long	401
	.byte	8
	.byte	8
	.byte	4
	.long	.Linfo_string8
	.long	171
	.byte	8
	.byte	16
	.byte	4
	.long	.Linfo_string9
	.long	192
	.byte	8
	.byte	24
	.byte	0
	.byte	5
	.long	389
	.long	0
	.byte	6
	.long	135
	.byte	7
	.long	142
	.byte	2
	.byte	0
	.byte	5
	.long	410
	.long	0
	.byte	6
	.long	135
	.byte	7
	.long	142
	.byte	1
	.byte	0
	.byte	2
	.long	.Linfo_string12
	.long	332

	.byte	8
	.byte	9
	.byte	3
	.quad	warned
	.long	.Linfo_string12
	.byte	12
	.quad	.Lfunc_begin0
	.long	.Lfunc_end0-.Lfunc_begin0
	.byte	1
	.byte	90
	.long	.Linfo_string13
	.long	.Linfo_string13
	.byte	1
	.byte	1

	.long	487

	.byte	13
	.long	.Linfo_string15
	.byte	1
	.byte	1
	.long	494
	.byte	0
	.byte	8
	.long	.Linfo_string14
	.byte	5
	.byte	8
	.byte	14
	.long	0
	.byte	0
.Ldebug_info_end0:
	.section	.debug_str,"MS",@progbits,1
.Linfo_string0:
	.asciz	"sonde"
.Linfo_string1:
	.asciz	"count.bt"
.Linfo_string2:
	.asciz	"."
.Linfo_string3:
	.asciz	"AT_"
.Linfo_string4:
	.asciz	"type"
.Linfo_string5:
	.asciz	"int"
.Linfo_string6:
	.asciz	"__ARRAY_SIZE_TYPE__"
.Linfo_string7:
	.asciz	"max_entries"
.Linfo_string8:
	.asciz	"key_size"
.Linfo_string9:
	.asciz	"value_size"
.Linfo_string10:
	.asciz	"ringbuf"
.Linfo_string11:
	.asciz	"lost"
.Linfo_string12:
	.asciz	"warned"
.Linfo_string13:
	.asciz	"tracepoint_raw_syscalls_sys_enter_0"
.Linfo_string14:
	.asciz	"long"
.Linfo_string15:
	.asciz	"ctx"
	.section	.debug_pubnames,"",@progbits
	.long	.LpubNames_end0-.LpubNames_start0
.LpubNames_start0:
	.short	2
	.long	.Lcu_begin0
	.long	500
	.long	42
	.asciz	"AT_"
	.long	213
	.asciz	"ringbuf"
	.long	308
	.asciz	"lost"
	.long	422
	.asciz	"warned"
	.long	446
	.asciz	"tracepoint_raw_syscalls_sys_enter_0"
	.long	0
.LpubNames_end0:
	.section	.debug_pubtypes,"",@progbits
	.long	.LpubTypes_end0-.LpubTypes_start0
.LpubTypes_start0:
	.short	2
	.long	.Lcu_begin0
	.long	500
	.long	135
	.asciz	"int"
	.long	487
	.asciz	"long"
	.long	0
.LpubTypes_end0:
	.section	.BTF,"",@progbits
	.short	60319
	.byte	1
	.byte	0
	.long	24
	.long	0
	.long	660
	.long	660
	.long	215
	.long	0
	.long	33554432
	.long	3
	.long	1
	.long	16777216
	.long	4
	.long	16777248
	.long	0
	.long	50331648
	.long	0
	.long	2
	.long	4
	.long	5
	.long	5
	.long	16777216
	.long	4
	.long	32
	.long	0
	.long	33554432
	.long	6
	.long	0
	.long	50331648
	.long	0
	.long	2
	.long	4
	.long	4096
	.long	0
	.long	33554432
	.long	8
	.long	0
	.long	50331648
	.long	0
	.long	2
	.long	4
	.long	4
	.long	0
	.long	33554432
	.long	10
	.long	0
	.long	50331648
	.long	0
	.long	2
	.long	4
	.long	8
	.long	0
	.long	67108868
	.long	32
	.long	25
	.long	1
	.long	0
	.long	30
	.long	5
	.long	64
	.long	42
	.long	7
	.long	128
	.long	51
	.long	9
	.long	192
	.long	62
	.long	234881024
	.long	11
	.long	1
	.long	0
	.long	33554432
	.long	14
	.long	0
	.long	50331648
	.long	0
	.long	2
	.long	4
	.long	27
	.long	0
	.long	33554432
	.long	16
	.long	0
	.long	50331648
	.long	0
	.long	2
	.long	4
	.long	262144
	.long	0
	.long	67108866
	.long	16
	.long	25
	.long	13
	.long	0
	.long	30
	.long	15
	.long	64
	.long	66
	.long	234881024
	.long	17
	.long	1
	.long	0
	.long	33554432
	.long	20
	.long	0
	.long	50331648
	.long	0
	.long	2
	.long	4
	.long	2
	.long	0
	.long	33554432
	.long	22
	.long	0
	.long	50331648
	.long	0
	.long	2
	.long	4
	.long	1
	.long	0
	.long	67108868
	.long	32
	.long	25
	.long	19
	.long	0
	.long	30
	.long	21
	.long	64
	.long	42
	.long	7
	.long	128
	.long	51
	.long	9
	.long	192
	.long	74
	.long	234881024
	.long	23
	.long	1
	.long	79
	.long	234881024
	.long	23
	.long	1
	.long	0
	.long	33554432
	.long	0
	.long	0
	.long	218103809
	.long	28
	.long	86
	.long	26
	.long	90
	.long	16777216
	.long	8
	.long	16777280
	.long	95
	.long	201326593
	.long	27
	.long	209
	.long	251658244
	.long	0
	.long	12
	.long	AT_
	.long	32
	.long	18
	.long	ringbuf
	.long	16
	.long	24
	.long	lost
	.long	32
	.long	25
	.long	warned
	.long	32
	.byte	0
	.ascii	"int"
	.byte	0
	.ascii	"__ARRAY_SIZE_TYPE__"
	.byte	0
	.ascii	"type"
	.byte	0
	.ascii	"max_entries"
	.byte	0
	.ascii	"key_size"
	.byte	0
	.ascii	"value_size"
	.byte	0
	.ascii	"AT_"
	.byte	0
	.ascii	"ringbuf"
	.byte	0
	.ascii	"lost"
	.byte	0
	.ascii	"warned"
	.byte	0
	.ascii	"ctx"
	.byte	0
	.ascii	"long"
	.byte	0
	.ascii	"tracepoint_raw_syscalls_sys_enter_0"
	.byte	0
	.ascii	"tracepoint"
	.byte	0
	.ascii	"./count.bt"
	.byte	0
	.ascii	"tracepoint:raw_syscalls:sys_enter { @[pid] = count(); }"
	.byte	0
	.ascii	".maps"
	.byte	0
	.section	.BTF.ext,"",@progbits
	.short	60319
	.byte	1
	.byte	0
	.long	32
	.long	0
	.long	20
	.long	20
	.long	28
	.long	48
	.long	0
	.long	8
	.long	131
	.long	1
	.long	.Lfunc_begin0
	.long	29
	.long	16
	.long	131
	.long	1
	.long	.Ltmp0
	.long	142
	.long	153
	.long	1061
	.section	.debug_line,"",@progbits
.Lline_table_start0:
