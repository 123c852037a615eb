; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@AT_ = global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !0
@ringbuf = global { ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !5
@lost = global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !20
@warned = global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !44
@LICENSE = local_unnamed_addr global [4 x i8] c"GPL\00", section "license", align 1

; Function Attrs: nounwind
define noundef i64 @tracepoint_raw_syscalls_sys_enter_0(ptr nocapture readnone %ctx) local_unnamed_addr #0 section "tracepoint" !dbg !59 {
entry:
  %key = alloca [8 x i8], align 8
  %zero = alloca [8 x i8], align 8, !dbg !66
  %wsite = alloca i32, align 8, !dbg !66
  %rec = alloca [8 x i8], align 8, !dbg !66
  %lkey = alloca i32, align 8, !dbg !66
  %pid_tgid = tail call i64 inttoptr (i64 14 to ptr)() #0, !dbg !66
  %shr = lshr i64 %pid_tgid, 32, !dbg !66
  %tr = trunc nuw i64 %shr to i32, !dbg !66
  store i32 %tr, ptr %key, align 8, !dbg !66
  %val = call align 8 ptr inttoptr (i64 1 to ptr)(ptr nonnull @AT_, ptr nonnull %key) #0, !dbg !66
  %null = icmp eq ptr %val, null, !dbg !66
  br i1 %null, label %agg.new, label %agg.upd, !dbg !66

agg.new:                                          ; preds = %entry
  store i64 0, ptr %zero, align 8, !dbg !66
  %init = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @AT_, ptr nonnull %key, ptr nonnull %zero, i64 1) #0, !dbg !66
  %full = icmp eq i64 %init, -7, !dbg !66
  br i1 %full, label %warn.check, label %agg.have, !dbg !66

agg.have:                                         ; preds = %agg.new, %warn.check, %warn.test, %rb.count, %rb.full, %warn.emit
  %val1 = call align 8 ptr inttoptr (i64 1 to ptr)(ptr nonnull @AT_, ptr nonnull %key) #0, !dbg !66
  %null3 = icmp eq ptr %val1, null, !dbg !66
  br i1 %null3, label %agg.done, label %agg.upd, !dbg !66

warn.check:                                       ; preds = %agg.new
  store i32 0, ptr %wsite, align 8, !dbg !66
  %wflag = call align 8 ptr inttoptr (i64 1 to ptr)(ptr nonnull @warned, ptr nonnull %wsite) #0, !dbg !66
  %wnull = icmp eq ptr %wflag, null, !dbg !66
  br i1 %wnull, label %agg.have, label %warn.test, !dbg !66

warn.emit:                                        ; preds = %warn.test
  store i64 1, ptr %wflag, align 8, !dbg !66
  store i64 0, ptr %rec, align 8, !dbg !66
  %rb.unread = call i64 inttoptr (i64 134 to ptr)(ptr nonnull @ringbuf, i64 0) #0, !dbg !66
  %rb.busy = icmp ugt i64 %rb.unread, 65536, !dbg !66
  %rb.flags = select i1 %rb.busy, i64 2, i64 0, !dbg !66
  %rb = call i64 inttoptr (i64 130 to ptr)(ptr nonnull @ringbuf, ptr nonnull %rec, i64 8, i64 %rb.flags) #0, !dbg !66
  %rbfull.not = icmp eq i64 %rb, 0, !dbg !66
  br i1 %rbfull.not, label %agg.have, label %rb.full, !dbg !66

warn.test:                                        ; preds = %warn.check
  %wseen = load i64, ptr %wflag, align 8, !dbg !66
  %wdone.not = icmp eq i64 %wseen, 0, !dbg !66
  br i1 %wdone.not, label %warn.emit, label %agg.have, !dbg !66

rb.full:                                          ; preds = %warn.emit
  store i32 0, ptr %lkey, align 8, !dbg !66
  %lost = call align 8 ptr inttoptr (i64 1 to ptr)(ptr nonnull @lost, ptr nonnull %lkey) #0, !dbg !66
  %lnull = icmp eq ptr %lost, null, !dbg !66
  br i1 %lnull, label %agg.have, label %rb.count, !dbg !66

rb.count:                                         ; preds = %rb.full
  %0 = atomicrmw add ptr %lost, i64 1 monotonic, align 8, !dbg !66
  br label %agg.have, !dbg !66

agg.upd:                                          ; preds = %entry, %agg.have
  %slot.06 = phi ptr [ %val1, %agg.have ], [ %val, %entry ]
  %ld = load i64, ptr %slot.06, align 8, !dbg !66
  %add = add i64 %ld, 1, !dbg !66
  store i64 %add, ptr %slot.06, align 8, !dbg !66
  br label %agg.done, !dbg !66

agg.done:                                         ; preds = %agg.upd, %agg.have
  ret i64 0, !dbg !66
}

attributes #0 = { nounwind }

!llvm.dbg.cu = !{!2}
!llvm.module.flags = !{!58}

!0 = !DIGlobalVariableExpression(var: !1, expr: !DIExpression())
!1 = distinct !DIGlobalVariable(name: "AT_", linkageName: "AT_", scope: !2, file: !3, type: !46, isLocal: false, isDefinition: true, align: 64)
!2 = distinct !DICompileUnit(language: DW_LANG_C, file: !3, producer: "sonde", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !4, splitDebugInlining: false)
!3 = !DIFile(filename: "count.bt", directory: ".")
!4 = !{!0, !5, !20, !44}
!5 = !DIGlobalVariableExpression(var: !6, expr: !DIExpression())
!6 = distinct !DIGlobalVariable(name: "ringbuf", linkageName: "ringbuf", scope: !2, file: !3, type: !7, isLocal: false, isDefinition: true, align: 64)
!7 = !DICompositeType(tag: DW_TAG_structure_type, file: !3, size: 128, align: 64, elements: !8)
!8 = !{!9, !15}
!9 = !DIDerivedType(tag: DW_TAG_member, name: "type", file: !3, baseType: !10, size: 64, align: 64)
!10 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !11, size: 64, align: 64, dwarfAddressSpace: 0)
!11 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 864, align: 32, elements: !13)
!12 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!13 = !{!14}
!14 = !DISubrange(count: 27, lowerBound: 0)
!15 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", file: !3, baseType: !16, size: 64, align: 64, offset: 64)
!16 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !17, size: 64, align: 64, dwarfAddressSpace: 0)
!17 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 8388608, align: 32, elements: !18)
!18 = !{!19}
!19 = !DISubrange(count: 262144, lowerBound: 0)
!20 = !DIGlobalVariableExpression(var: !21, expr: !DIExpression())
!21 = distinct !DIGlobalVariable(name: "lost", linkageName: "lost", scope: !2, file: !3, type: !22, isLocal: false, isDefinition: true, align: 64)
!22 = !DICompositeType(tag: DW_TAG_structure_type, file: !3, size: 256, align: 64, elements: !23)
!23 = !{!24, !29, !34, !39}
!24 = !DIDerivedType(tag: DW_TAG_member, name: "type", file: !3, baseType: !25, size: 64, align: 64)
!25 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !26, size: 64, align: 64, dwarfAddressSpace: 0)
!26 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 64, align: 32, elements: !27)
!27 = !{!28}
!28 = !DISubrange(count: 2, lowerBound: 0)
!29 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", file: !3, baseType: !30, size: 64, align: 64, offset: 64)
!30 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !31, size: 64, align: 64, dwarfAddressSpace: 0)
!31 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 32, align: 32, elements: !32)
!32 = !{!33}
!33 = !DISubrange(count: 1, lowerBound: 0)
!34 = !DIDerivedType(tag: DW_TAG_member, name: "key_size", file: !3, baseType: !35, size: 64, align: 64, offset: 128)
!35 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !36, size: 64, align: 64, dwarfAddressSpace: 0)
!36 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 128, align: 32, elements: !37)
!37 = !{!38}
!38 = !DISubrange(count: 4, lowerBound: 0)
!39 = !DIDerivedType(tag: DW_TAG_member, name: "value_size", file: !3, baseType: !40, size: 64, align: 64, offset: 192)
!40 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !41, size: 64, align: 64, dwarfAddressSpace: 0)
!41 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 256, align: 32, elements: !42)
!42 = !{!43}
!43 = !DISubrange(count: 8, lowerBound: 0)
!44 = !DIGlobalVariableExpression(var: !45, expr: !DIExpression())
!45 = distinct !DIGlobalVariable(name: "warned", linkageName: "warned", scope: !2, file: !3, type: !22, isLocal: false, isDefinition: true, align: 64)
!46 = !DICompositeType(tag: DW_TAG_structure_type, file: !3, size: 256, align: 64, elements: !47)
!47 = !{!48, !53, !34, !39}
!48 = !DIDerivedType(tag: DW_TAG_member, name: "type", file: !3, baseType: !49, size: 64, align: 64)
!49 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !50, size: 64, align: 64, dwarfAddressSpace: 0)
!50 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 160, align: 32, elements: !51)
!51 = !{!52}
!52 = !DISubrange(count: 5, lowerBound: 0)
!53 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", file: !3, baseType: !54, size: 64, align: 64, offset: 64)
!54 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !55, size: 64, align: 64, dwarfAddressSpace: 0)
!55 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 131072, align: 32, elements: !56)
!56 = !{!57}
!57 = !DISubrange(count: 4096, lowerBound: 0)
!58 = !{i32 2, !"Debug Info Version", i32 3}
!59 = distinct !DISubprogram(name: "tracepoint_raw_syscalls_sys_enter_0", linkageName: "tracepoint_raw_syscalls_sys_enter_0", scope: !3, file: !3, line: 1, type: !60, scopeLine: 1, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !64)
!60 = !DISubroutineType(flags: DIFlagPrototyped, types: !61)
!61 = !{!62, !63}
!62 = !DIBasicType(name: "long", size: 64, encoding: DW_ATE_signed)
!63 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
!64 = !{!65}
!65 = !DILocalVariable(name: "ctx", arg: 1, scope: !59, file: !3, line: 1, type: !63)
!66 = !DILocation(line: 1, column: 37, scope: !59)
