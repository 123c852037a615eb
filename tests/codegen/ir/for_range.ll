; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@AT_hi = global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !0
@ringbuf = global { ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !5
@lost = global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !20
@warned = global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !44
@LICENSE = local_unnamed_addr global [4 x i8] c"GPL\00", section "license", align 1

; Function Attrs: nounwind
define range(i64 -4611686018427387904, 4611686018427387904) i64 @begin_0(ptr %ctx) local_unnamed_addr #0 section "raw_tp" !dbg !57 {
entry:
  %t = alloca [8 x i8], align 8
  %key = alloca [8 x i8], align 8, !dbg !64
  %tmp = alloca [8 x i8], align 8, !dbg !64
  %wsite = alloca i32, align 8, !dbg !64
  %rec = alloca [8 x i8], align 8, !dbg !64
  %lkey = alloca i32, align 8, !dbg !64
  %key1 = alloca [8 x i8], align 8, !dbg !64
  %for.frame = alloca [4 x i64], align 8, !dbg !64
  %rec6 = alloca [16 x i8], align 8, !dbg !64
  store i64 0, ptr %key, align 8, !dbg !65
  store i8 4, ptr %tmp, align 8, !dbg !65
  %upd = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @AT_hi, ptr nonnull %key, ptr nonnull %tmp, i64 0) #0, !dbg !65
  %full = icmp eq i64 %upd, -7, !dbg !65
  br i1 %full, label %warn.check, label %warn.done, !dbg !65

warn.check:                                       ; preds = %entry
  store i32 0, ptr %wsite, align 8, !dbg !65
  %wflag = call align 8 ptr inttoptr (i64 1 to ptr)(ptr nonnull @warned, ptr nonnull %wsite) #0, !dbg !65
  %wnull = icmp eq ptr %wflag, null, !dbg !65
  br i1 %wnull, label %warn.done, label %warn.test, !dbg !65

warn.emit:                                        ; preds = %warn.test
  store i64 1, ptr %wflag, align 8, !dbg !65
  store i64 0, ptr %rec, align 8, !dbg !65
  %rb.unread = call i64 inttoptr (i64 134 to ptr)(ptr nonnull @ringbuf, i64 0) #0, !dbg !65
  %rb.busy = icmp ugt i64 %rb.unread, 65536, !dbg !65
  %rb.flags = select i1 %rb.busy, i64 2, i64 0, !dbg !65
  %rb = call i64 inttoptr (i64 130 to ptr)(ptr nonnull @ringbuf, ptr nonnull %rec, i64 8, i64 %rb.flags) #0, !dbg !65
  %rbfull.not = icmp eq i64 %rb, 0, !dbg !65
  br i1 %rbfull.not, label %warn.done, label %rb.full, !dbg !65

warn.done:                                        ; preds = %warn.emit, %rb.full, %rb.count, %warn.test, %warn.check, %entry
  store i64 0, ptr %t, align 8, !dbg !66
  store i64 0, ptr %key1, align 8, !dbg !67
  %val = call align 8 ptr inttoptr (i64 1 to ptr)(ptr nonnull @AT_hi, ptr nonnull %key1) #0, !dbg !67
  %null = icmp eq ptr %val, null, !dbg !67
  br i1 %null, label %rd.done.thread, label %rd.done, !dbg !67

rd.done.thread:                                   ; preds = %warn.done
  store i64 0, ptr %for.frame, align 8, !dbg !67
  %gep20 = getelementptr inbounds i8, ptr %for.frame, i64 8, !dbg !67
  store ptr %ctx, ptr %gep20, align 8, !dbg !67
  %gep321 = getelementptr inbounds i8, ptr %for.frame, i64 24, !dbg !67
  store ptr %t, ptr %gep321, align 8, !dbg !67
  %gep422 = getelementptr inbounds i8, ptr %for.frame, i64 16, !dbg !67
  store i64 1, ptr %gep422, align 8, !dbg !67
  br label %for.end, !dbg !67

warn.test:                                        ; preds = %warn.check
  %wseen = load i64, ptr %wflag, align 8, !dbg !65
  %wdone.not = icmp eq i64 %wseen, 0, !dbg !65
  br i1 %wdone.not, label %warn.emit, label %warn.done, !dbg !65

rb.full:                                          ; preds = %warn.emit
  store i32 0, ptr %lkey, align 8, !dbg !65
  %lost = call align 8 ptr inttoptr (i64 1 to ptr)(ptr nonnull @lost, ptr nonnull %lkey) #0, !dbg !65
  %lnull = icmp eq ptr %lost, null, !dbg !65
  br i1 %lnull, label %warn.done, label %rb.count, !dbg !65

rb.count:                                         ; preds = %rb.full
  %0 = atomicrmw add ptr %lost, i64 1 monotonic, align 8, !dbg !65
  br label %warn.done, !dbg !65

rd.done:                                          ; preds = %warn.done
  %tmp2.sroa.0.0.copyload = load i8, ptr %val, align 8, !dbg !67
  store i64 0, ptr %for.frame, align 8, !dbg !67
  %gep = getelementptr inbounds i8, ptr %for.frame, i64 8, !dbg !67
  store ptr %ctx, ptr %gep, align 8, !dbg !67
  %gep3 = getelementptr inbounds i8, ptr %for.frame, i64 24, !dbg !67
  store ptr %t, ptr %gep3, align 8, !dbg !67
  %gep4 = getelementptr inbounds i8, ptr %for.frame, i64 16, !dbg !67
  store i64 1, ptr %gep4, align 8, !dbg !67
  %some = icmp sgt i8 %tmp2.sroa.0.0.copyload, 1, !dbg !67
  br i1 %some, label %for.done, label %for.end, !dbg !67

for.done:                                         ; preds = %rd.done
  %narrow = add nsw i8 %tmp2.sroa.0.0.copyload, -1, !dbg !67
  %n = zext nneg i8 %narrow to i64, !dbg !67
  %for.n = call i64 inttoptr (i64 181 to ptr)(i64 %n, ptr nonnull @begin_0_for, ptr nonnull %for.frame, i64 0) #0, !dbg !67
  %for.ret.pre = load i64, ptr %for.frame, align 8, !dbg !67
  %returned.not = icmp eq i64 %for.ret.pre, 0, !dbg !67
  br i1 %returned.not, label %for.end, label %for.return, !dbg !67

common.ret:                                       ; preds = %for.end, %rb.full13, %rb.count14, %for.return
  %common.ret.op = phi i64 [ %for.retval, %for.return ], [ 0, %rb.count14 ], [ 0, %rb.full13 ], [ 0, %for.end ]
  ret i64 %common.ret.op, !dbg !68

for.return:                                       ; preds = %for.done
  %for.retval = ashr i64 %for.ret.pre, 1, !dbg !67
  br label %common.ret, !dbg !67

for.end:                                          ; preds = %rd.done, %rd.done.thread, %for.done
  store i64 1, ptr %rec6, align 8, !dbg !69
  %ld7 = load i64, ptr %t, align 8, !dbg !69
  %gep8 = getelementptr inbounds i8, ptr %rec6, i64 8, !dbg !69
  store i64 %ld7, ptr %gep8, align 8, !dbg !69
  %rb.unread9 = call i64 inttoptr (i64 134 to ptr)(ptr nonnull @ringbuf, i64 0) #0, !dbg !69
  %rb.busy10 = icmp ugt i64 %rb.unread9, 65536, !dbg !69
  %rb.flags11 = select i1 %rb.busy10, i64 2, i64 0, !dbg !69
  %rb12 = call i64 inttoptr (i64 130 to ptr)(ptr nonnull @ringbuf, ptr nonnull %rec6, i64 16, i64 %rb.flags11) #0, !dbg !69
  %rbfull16.not = icmp eq i64 %rb12, 0, !dbg !69
  br i1 %rbfull16.not, label %common.ret, label %rb.full13, !dbg !69

rb.full13:                                        ; preds = %for.end
  store i32 0, ptr %lkey, align 8, !dbg !69
  %lost17 = call align 8 ptr inttoptr (i64 1 to ptr)(ptr nonnull @lost, ptr nonnull %lkey) #0, !dbg !69
  %lnull18 = icmp eq ptr %lost17, null, !dbg !69
  br i1 %lnull18, label %common.ret, label %rb.count14, !dbg !69

rb.count14:                                       ; preds = %rb.full13
  %1 = atomicrmw add ptr %lost17, i64 1 monotonic, align 8, !dbg !69
  br label %common.ret, !dbg !69
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(readwrite, inaccessiblemem: none)
define internal noundef i64 @begin_0_for(i64 %index, ptr nocapture readonly %ctx) #1 !dbg !70 {
entry:
  %gep3 = getelementptr i8, ptr %ctx, i64 16, !dbg !76
  %start = load i64, ptr %gep3, align 8, !dbg !76
  %i4 = add i64 %start, %index, !dbg !76
  %cmp = icmp eq i64 %i4, 2, !dbg !77
  br i1 %cmp, label %for.next, label %if.end, !dbg !77

for.next:                                         ; preds = %entry, %if.end
  ret i64 0, !dbg !76

if.end:                                           ; preds = %entry
  %gep = getelementptr i8, ptr %ctx, i64 24, !dbg !76
  %t = load ptr, ptr %gep, align 8, !dbg !76, !align !78
  %ld5 = load i64, ptr %t, align 8, !dbg !79
  %add = add i64 %ld5, %i4, !dbg !79
  store i64 %add, ptr %t, align 8, !dbg !79
  br label %for.next, !dbg !79
}

attributes #0 = { nounwind }
attributes #1 = { mustprogress nofree norecurse nosync nounwind willreturn memory(readwrite, inaccessiblemem: none) }

!llvm.dbg.cu = !{!2}
!llvm.module.flags = !{!56}

!0 = !DIGlobalVariableExpression(var: !1, expr: !DIExpression())
!1 = distinct !DIGlobalVariable(name: "AT_hi", linkageName: "AT_hi", scope: !2, file: !3, type: !46, isLocal: false, isDefinition: true, align: 64)
!2 = distinct !DICompileUnit(language: DW_LANG_C, file: !3, producer: "sonde", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !4, splitDebugInlining: false)
!3 = !DIFile(filename: "for_range.bt", directory: ".")
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
!47 = !{!48, !49, !54, !55}
!48 = !DIDerivedType(tag: DW_TAG_member, name: "type", file: !3, baseType: !30, size: 64, align: 64)
!49 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", file: !3, baseType: !50, size: 64, align: 64, offset: 64)
!50 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !51, size: 64, align: 64, dwarfAddressSpace: 0)
!51 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 131072, align: 32, elements: !52)
!52 = !{!53}
!53 = !DISubrange(count: 4096, lowerBound: 0)
!54 = !DIDerivedType(tag: DW_TAG_member, name: "key_size", file: !3, baseType: !40, size: 64, align: 64, offset: 128)
!55 = !DIDerivedType(tag: DW_TAG_member, name: "value_size", file: !3, baseType: !30, size: 64, align: 64, offset: 192)
!56 = !{i32 2, !"Debug Info Version", i32 3}
!57 = distinct !DISubprogram(name: "begin_0", linkageName: "begin_0", scope: !3, file: !3, line: 2, type: !58, scopeLine: 2, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !62)
!58 = !DISubroutineType(flags: DIFlagPrototyped, types: !59)
!59 = !{!60, !61}
!60 = !DIBasicType(name: "long", size: 64, encoding: DW_ATE_signed)
!61 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
!62 = !{!63}
!63 = !DILocalVariable(name: "ctx", arg: 1, scope: !57, file: !3, line: 2, type: !61)
!64 = !DILocation(line: 2, scope: !57)
!65 = !DILocation(line: 3, column: 2, scope: !57)
!66 = !DILocation(line: 4, column: 2, scope: !57)
!67 = !DILocation(line: 5, column: 2, scope: !57)
!68 = !DILocation(line: 0, scope: !57)
!69 = !DILocation(line: 9, column: 2, scope: !57)
!70 = distinct !DISubprogram(name: "begin_0_for", linkageName: "begin_0_for", scope: !3, file: !3, line: 5, type: !71, scopeLine: 5, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !73)
!71 = !DISubroutineType(flags: DIFlagPrototyped, types: !72)
!72 = !{!60, !60, !61}
!73 = !{!74, !75}
!74 = !DILocalVariable(name: "index", arg: 1, scope: !70, file: !3, line: 5, type: !60)
!75 = !DILocalVariable(name: "ctx", arg: 2, scope: !70, file: !3, line: 5, type: !61)
!76 = !DILocation(line: 5, scope: !70)
!77 = !DILocation(line: 6, column: 3, scope: !70)
!78 = !{i64 8}
!79 = !DILocation(line: 7, column: 3, scope: !70)
