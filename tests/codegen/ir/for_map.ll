; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@AT_m = global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !0
@ringbuf = global { ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !5
@lost = global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !20
@warned = global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !44
@LICENSE = local_unnamed_addr global [4 x i8] c"GPL\00", section "license", align 1

; Function Attrs: nounwind
define range(i64 -4611686018427387904, 4611686018427387904) i64 @begin_0(ptr %ctx) local_unnamed_addr #0 section "raw_tp" !dbg !61 {
entry:
  %n = alloca [8 x i8], align 8
  %key = alloca [8 x i8], align 8, !dbg !68
  %tmp = alloca [8 x i8], align 8, !dbg !68
  %wsite = alloca i32, align 8, !dbg !68
  %rec = alloca [8 x i8], align 8, !dbg !68
  %lkey = alloca i32, align 8, !dbg !68
  %for.frame = alloca [4 x i64], align 8, !dbg !68
  %rec3 = alloca [24 x i8], align 8, !dbg !68
  store i8 1, ptr %key, align 8, !dbg !69
  %gep = getelementptr inbounds i8, ptr %key, i64 1, !dbg !69
  store i8 97, ptr %gep, align 1, !dbg !69
  %str.sroa.3.0.gep.sroa_idx = getelementptr inbounds i8, ptr %key, i64 2, !dbg !69
  store i8 0, ptr %str.sroa.3.0.gep.sroa_idx, align 2, !dbg !69
  store i8 2, ptr %tmp, align 8, !dbg !69
  %upd = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @AT_m, ptr nonnull %key, ptr nonnull %tmp, i64 0) #0, !dbg !69
  %full = icmp eq i64 %upd, -7, !dbg !69
  br i1 %full, label %warn.check, label %warn.done, !dbg !69

warn.check:                                       ; preds = %entry
  store i32 0, ptr %wsite, align 8, !dbg !69
  %wflag = call align 8 ptr inttoptr (i64 1 to ptr)(ptr nonnull @warned, ptr nonnull %wsite) #0, !dbg !69
  %wnull = icmp eq ptr %wflag, null, !dbg !69
  br i1 %wnull, label %warn.done, label %warn.test, !dbg !69

warn.emit:                                        ; preds = %warn.test
  store i64 1, ptr %wflag, align 8, !dbg !69
  store i64 0, ptr %rec, align 8, !dbg !69
  %rb.unread = call i64 inttoptr (i64 134 to ptr)(ptr nonnull @ringbuf, i64 0) #0, !dbg !69
  %rb.busy = icmp ugt i64 %rb.unread, 65536, !dbg !69
  %rb.flags = select i1 %rb.busy, i64 2, i64 0, !dbg !69
  %rb = call i64 inttoptr (i64 130 to ptr)(ptr nonnull @ringbuf, ptr nonnull %rec, i64 8, i64 %rb.flags) #0, !dbg !69
  %rbfull.not = icmp eq i64 %rb, 0, !dbg !69
  br i1 %rbfull.not, label %warn.done, label %rb.full, !dbg !69

warn.done:                                        ; preds = %warn.emit, %rb.full, %rb.count, %warn.test, %warn.check, %entry
  store i64 0, ptr %n, align 8, !dbg !70
  store i64 0, ptr %for.frame, align 8, !dbg !71
  %gep1 = getelementptr inbounds i8, ptr %for.frame, i64 8, !dbg !71
  store ptr %ctx, ptr %gep1, align 8, !dbg !71
  %gep2 = getelementptr inbounds i8, ptr %for.frame, i64 24, !dbg !71
  store ptr %n, ptr %gep2, align 8, !dbg !71
  %for.n = call i64 inttoptr (i64 164 to ptr)(ptr nonnull @AT_m, ptr nonnull @begin_0_for, ptr nonnull %for.frame, i64 0) #0, !dbg !71
  %for.ret = load i64, ptr %for.frame, align 8, !dbg !71
  %returned.not = icmp eq i64 %for.ret, 0, !dbg !71
  br i1 %returned.not, label %for.end, label %for.return, !dbg !71

warn.test:                                        ; preds = %warn.check
  %wseen = load i64, ptr %wflag, align 8, !dbg !69
  %wdone.not = icmp eq i64 %wseen, 0, !dbg !69
  br i1 %wdone.not, label %warn.emit, label %warn.done, !dbg !69

rb.full:                                          ; preds = %warn.emit
  store i32 0, ptr %lkey, align 8, !dbg !69
  %lost = call align 8 ptr inttoptr (i64 1 to ptr)(ptr nonnull @lost, ptr nonnull %lkey) #0, !dbg !69
  %lnull = icmp eq ptr %lost, null, !dbg !69
  br i1 %lnull, label %warn.done, label %rb.count, !dbg !69

rb.count:                                         ; preds = %rb.full
  %0 = atomicrmw add ptr %lost, i64 1 monotonic, align 8, !dbg !69
  br label %warn.done, !dbg !69

common.ret:                                       ; preds = %for.end, %rb.full10, %rb.count11, %for.return
  %common.ret.op = phi i64 [ %for.retval, %for.return ], [ 0, %rb.count11 ], [ 0, %rb.full10 ], [ 0, %for.end ]
  ret i64 %common.ret.op, !dbg !72

for.return:                                       ; preds = %warn.done
  %for.retval = ashr i64 %for.ret, 1, !dbg !71
  br label %common.ret, !dbg !71

for.end:                                          ; preds = %warn.done
  store i64 1, ptr %rec3, align 8, !dbg !73
  %ld = load i64, ptr %n, align 8, !dbg !73
  %gep4 = getelementptr inbounds i8, ptr %rec3, i64 8, !dbg !73
  store i64 %ld, ptr %gep4, align 8, !dbg !73
  %len = call i64 inttoptr (i64 164 to ptr)(ptr nonnull @AT_m, ptr nonnull @map_len_cb, ptr null, i64 0) #0, !dbg !73
  %gep5 = getelementptr inbounds i8, ptr %rec3, i64 16, !dbg !73
  store i64 %len, ptr %gep5, align 8, !dbg !73
  %rb.unread6 = call i64 inttoptr (i64 134 to ptr)(ptr nonnull @ringbuf, i64 0) #0, !dbg !73
  %rb.busy7 = icmp ugt i64 %rb.unread6, 65536, !dbg !73
  %rb.flags8 = select i1 %rb.busy7, i64 2, i64 0, !dbg !73
  %rb9 = call i64 inttoptr (i64 130 to ptr)(ptr nonnull @ringbuf, ptr nonnull %rec3, i64 24, i64 %rb.flags8) #0, !dbg !73
  %rbfull13.not = icmp eq i64 %rb9, 0, !dbg !73
  br i1 %rbfull13.not, label %common.ret, label %rb.full10, !dbg !73

rb.full10:                                        ; preds = %for.end
  store i32 0, ptr %lkey, align 8, !dbg !73
  %lost14 = call align 8 ptr inttoptr (i64 1 to ptr)(ptr nonnull @lost, ptr nonnull %lkey) #0, !dbg !73
  %lnull15 = icmp eq ptr %lost14, null, !dbg !73
  br i1 %lnull15, label %common.ret, label %rb.count11, !dbg !73

rb.count11:                                       ; preds = %rb.full10
  %1 = atomicrmw add ptr %lost14, i64 1 monotonic, align 8, !dbg !73
  br label %common.ret, !dbg !73
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(readwrite, inaccessiblemem: none)
define internal range(i64 0, 2) i64 @begin_0_for(ptr nocapture readnone %map, ptr nocapture readonly %key, ptr nocapture readonly %value, ptr nocapture %ctx) #1 !dbg !74 {
entry:
  %gep = getelementptr i8, ptr %ctx, i64 24, !dbg !82
  %n = load ptr, ptr %gep, align 8, !dbg !82, !align !83
  %kv.sroa.0.0.copyload = load i8, ptr %key, align 1, !dbg !82
  %ld = load i8, ptr %value, align 1, !dbg !82
  %sx = sext i8 %ld to i64, !dbg !82
  %ld4 = load i64, ptr %n, align 8, !dbg !84
  %add = add i64 %ld4, %sx, !dbg !84
  store i64 %add, ptr %n, align 8, !dbg !84
  switch i8 %kv.sroa.0.0.copyload, label %if.end17 [
    i8 3, label %if.then
    i8 4, label %common.ret
  ], !dbg !85

common.ret:                                       ; preds = %entry, %if.then, %if.end17
  %common.ret.op = phi i64 [ 0, %if.end17 ], [ 1, %if.then ], [ 1, %entry ]
  ret i64 %common.ret.op, !dbg !86

if.then:                                          ; preds = %entry
  store i64 1, ptr %ctx, align 8, !dbg !87
  br label %common.ret, !dbg !87

if.end17:                                         ; preds = %entry
  br label %common.ret, !dbg !82
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none)
define internal noundef i64 @map_len_cb(ptr nocapture readnone %map, ptr nocapture readnone %key, ptr nocapture readnone %value, ptr nocapture readnone %ctx) #2 !dbg !88 {
entry:
  ret i64 0, !dbg !94
}

attributes #0 = { nounwind }
attributes #1 = { mustprogress nofree norecurse nosync nounwind willreturn memory(readwrite, inaccessiblemem: none) }
attributes #2 = { mustprogress nofree norecurse nosync nounwind willreturn memory(none) }

!llvm.dbg.cu = !{!2}
!llvm.module.flags = !{!60}

!0 = !DIGlobalVariableExpression(var: !1, expr: !DIExpression())
!1 = distinct !DIGlobalVariable(name: "AT_m", linkageName: "AT_m", scope: !2, file: !3, type: !46, isLocal: false, isDefinition: true, align: 64)
!2 = distinct !DICompileUnit(language: DW_LANG_C, file: !3, producer: "sonde", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !4, splitDebugInlining: false)
!3 = !DIFile(filename: "for_map.bt", directory: ".")
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
!47 = !{!48, !49, !54, !59}
!48 = !DIDerivedType(tag: DW_TAG_member, name: "type", file: !3, baseType: !30, size: 64, align: 64)
!49 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", file: !3, baseType: !50, size: 64, align: 64, offset: 64)
!50 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !51, size: 64, align: 64, dwarfAddressSpace: 0)
!51 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 131072, align: 32, elements: !52)
!52 = !{!53}
!53 = !DISubrange(count: 4096, lowerBound: 0)
!54 = !DIDerivedType(tag: DW_TAG_member, name: "key_size", file: !3, baseType: !55, size: 64, align: 64, offset: 128)
!55 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !56, size: 64, align: 64, dwarfAddressSpace: 0)
!56 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 96, align: 32, elements: !57)
!57 = !{!58}
!58 = !DISubrange(count: 3, lowerBound: 0)
!59 = !DIDerivedType(tag: DW_TAG_member, name: "value_size", file: !3, baseType: !30, size: 64, align: 64, offset: 192)
!60 = !{i32 2, !"Debug Info Version", i32 3}
!61 = distinct !DISubprogram(name: "begin_0", linkageName: "begin_0", scope: !3, file: !3, line: 3, type: !62, scopeLine: 3, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !66)
!62 = !DISubroutineType(flags: DIFlagPrototyped, types: !63)
!63 = !{!64, !65}
!64 = !DIBasicType(name: "long", size: 64, encoding: DW_ATE_signed)
!65 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
!66 = !{!67}
!67 = !DILocalVariable(name: "ctx", arg: 1, scope: !61, file: !3, line: 3, type: !65)
!68 = !DILocation(line: 3, scope: !61)
!69 = !DILocation(line: 4, column: 2, scope: !61)
!70 = !DILocation(line: 5, column: 2, scope: !61)
!71 = !DILocation(line: 6, column: 2, scope: !61)
!72 = !DILocation(line: 0, scope: !61)
!73 = !DILocation(line: 11, column: 2, scope: !61)
!74 = distinct !DISubprogram(name: "begin_0_for", linkageName: "begin_0_for", scope: !3, file: !3, line: 6, type: !75, scopeLine: 6, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !77)
!75 = !DISubroutineType(flags: DIFlagPrototyped, types: !76)
!76 = !{!64, !65, !65, !65, !65}
!77 = !{!78, !79, !80, !81}
!78 = !DILocalVariable(name: "map", arg: 1, scope: !74, file: !3, line: 6, type: !65)
!79 = !DILocalVariable(name: "key", arg: 2, scope: !74, file: !3, line: 6, type: !65)
!80 = !DILocalVariable(name: "value", arg: 3, scope: !74, file: !3, line: 6, type: !65)
!81 = !DILocalVariable(name: "ctx", arg: 4, scope: !74, file: !3, line: 6, type: !65)
!82 = !DILocation(line: 6, scope: !74)
!83 = !{i64 8}
!84 = !DILocation(line: 7, column: 3, scope: !74)
!85 = !DILocation(line: 8, column: 3, scope: !74)
!86 = !DILocation(line: 0, scope: !74)
!87 = !DILocation(line: 8, column: 23, scope: !74)
!88 = distinct !DISubprogram(name: "map_len_cb", linkageName: "map_len_cb", scope: !3, file: !3, type: !75, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !89)
!89 = !{!90, !91, !92, !93}
!90 = !DILocalVariable(name: "map", arg: 1, scope: !88, file: !3, type: !65)
!91 = !DILocalVariable(name: "key", arg: 2, scope: !88, file: !3, type: !65)
!92 = !DILocalVariable(name: "value", arg: 3, scope: !88, file: !3, type: !65)
!93 = !DILocalVariable(name: "ctx", arg: 4, scope: !88, file: !3, type: !65)
!94 = !DILocation(line: 0, scope: !88)
