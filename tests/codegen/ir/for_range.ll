; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@AT_hi = global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !0
@ringbuf = global { ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !5
@warned = global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !20
@LICENSE = local_unnamed_addr global [4 x i8] c"GPL\00", section "license", align 1

; Function Attrs: nounwind
define noundef i64 @probe_0(ptr %ctx) local_unnamed_addr #0 section "raw_tp" !dbg !55 {
entry:
  %t = alloca [8 x i8], align 8
  %key = alloca [8 x i8], align 8, !dbg !62
  %tmp = alloca [8 x i8], align 8, !dbg !62
  %wsite = alloca i32, align 8, !dbg !62
  %rec = alloca [8 x i8], align 8, !dbg !62
  %key1 = alloca [8 x i8], align 8, !dbg !62
  %for.frame = alloca [4 x i64], align 8, !dbg !62
  %rec7 = alloca [16 x i8], align 8, !dbg !62
  store i64 0, ptr %key, align 8, !dbg !63
  store i8 4, ptr %tmp, align 8, !dbg !63
  %upd = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @AT_hi, ptr nonnull %key, ptr nonnull %tmp, i64 0) #0, !dbg !63
  %full = icmp eq i64 %upd, -7, !dbg !63
  br i1 %full, label %warn.check, label %warn.done, !dbg !63

warn.check:                                       ; preds = %entry
  store i32 0, ptr %wsite, align 8, !dbg !63
  %wflag = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @warned, ptr nonnull %wsite) #0, !dbg !63
  %wnull = icmp eq ptr %wflag, null, !dbg !63
  br i1 %wnull, label %warn.done, label %warn.test, !dbg !63

warn.emit:                                        ; preds = %warn.test
  store i64 1, ptr %wflag, align 8, !dbg !63
  store i64 0, ptr %rec, align 8, !dbg !63
  %rb = call i64 inttoptr (i64 130 to ptr)(ptr nonnull @ringbuf, ptr nonnull %rec, i64 8, i64 0) #0, !dbg !63
  br label %warn.done, !dbg !63

warn.done:                                        ; preds = %warn.emit, %warn.test, %warn.check, %entry
  store i64 0, ptr %t, align 8, !dbg !64
  store i64 0, ptr %key1, align 8, !dbg !65
  %val = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @AT_hi, ptr nonnull %key1) #0, !dbg !65
  %null = icmp eq ptr %val, null, !dbg !65
  br i1 %null, label %rd.done, label %rd.have, !dbg !65

warn.test:                                        ; preds = %warn.check
  %wseen = load i64, ptr %wflag, align 8, !dbg !63
  %wdone.not = icmp eq i64 %wseen, 0, !dbg !63
  br i1 %wdone.not, label %warn.emit, label %warn.done, !dbg !63

rd.have:                                          ; preds = %warn.done
  %tmp2.sroa.0.0.copyload = load i8, ptr %val, align 1, !dbg !65
  %0 = zext i8 %tmp2.sroa.0.0.copyload to i64, !dbg !65
  br label %rd.done, !dbg !65

rd.done:                                          ; preds = %rd.have, %warn.done
  %tmp2.sroa.0.0 = phi i64 [ 0, %warn.done ], [ %0, %rd.have ], !dbg !65
  store i64 0, ptr %for.frame, align 8, !dbg !65
  %gep = getelementptr inbounds i8, ptr %for.frame, i64 8, !dbg !65
  store ptr %ctx, ptr %gep, align 8, !dbg !65
  %gep3 = getelementptr inbounds i8, ptr %for.frame, i64 24, !dbg !65
  store ptr %t, ptr %gep3, align 8, !dbg !65
  %gep4 = getelementptr inbounds i8, ptr %for.frame, i64 16, !dbg !65
  store i64 1, ptr %gep4, align 8, !dbg !65
  %n5 = call i64 @llvm.usub.sat.i64(i64 %tmp2.sroa.0.0, i64 1), !dbg !65
  %for.n = call i64 inttoptr (i64 181 to ptr)(i64 %n5, ptr nonnull @probe_0_for, ptr nonnull %for.frame, i64 0) #0, !dbg !65
  %for.ret = load i64, ptr %for.frame, align 8, !dbg !65
  %returned.not = icmp eq i64 %for.ret, 0, !dbg !65
  br i1 %returned.not, label %for.end, label %common.ret, !dbg !65

common.ret:                                       ; preds = %rd.done, %for.end
  ret i64 0, !dbg !66

for.end:                                          ; preds = %rd.done
  store i64 1, ptr %rec7, align 8, !dbg !67
  %ld8 = load i64, ptr %t, align 8, !dbg !67
  %gep9 = getelementptr inbounds i8, ptr %rec7, i64 8, !dbg !67
  store i64 %ld8, ptr %gep9, align 8, !dbg !67
  %rb10 = call i64 inttoptr (i64 130 to ptr)(ptr nonnull @ringbuf, ptr nonnull %rec7, i64 16, i64 0) #0, !dbg !67
  br label %common.ret, !dbg !67
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(readwrite, inaccessiblemem: none)
define internal noundef i64 @probe_0_for(i64 %index, ptr nocapture readonly %ctx) #1 !dbg !68 {
entry:
  %gep3 = getelementptr i8, ptr %ctx, i64 16, !dbg !74
  %start = load i64, ptr %gep3, align 8, !dbg !74
  %i4 = add i64 %start, %index, !dbg !74
  %cmp = icmp eq i64 %i4, 2, !dbg !75
  br i1 %cmp, label %for.next, label %if.end, !dbg !75

for.next:                                         ; preds = %entry, %if.end
  ret i64 0, !dbg !74

if.end:                                           ; preds = %entry
  %gep = getelementptr i8, ptr %ctx, i64 24, !dbg !74
  %t = load ptr, ptr %gep, align 8, !dbg !74
  %ld5 = load i64, ptr %t, align 1, !dbg !76
  %add = add i64 %ld5, %i4, !dbg !76
  store i64 %add, ptr %t, align 1, !dbg !76
  br label %for.next, !dbg !76
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.usub.sat.i64(i64, i64) #2

attributes #0 = { nounwind }
attributes #1 = { mustprogress nofree norecurse nosync nounwind willreturn memory(readwrite, inaccessiblemem: none) }
attributes #2 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }

!llvm.dbg.cu = !{!2}
!llvm.module.flags = !{!54}

!0 = !DIGlobalVariableExpression(var: !1, expr: !DIExpression())
!1 = distinct !DIGlobalVariable(name: "AT_hi", linkageName: "AT_hi", scope: !2, file: !3, type: !44, isLocal: false, isDefinition: true, align: 64)
!2 = distinct !DICompileUnit(language: DW_LANG_C, file: !3, producer: "sonde", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !4, splitDebugInlining: false)
!3 = !DIFile(filename: "for_range.bt", directory: ".")
!4 = !{!0, !5, !20}
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
!21 = distinct !DIGlobalVariable(name: "warned", linkageName: "warned", scope: !2, file: !3, type: !22, isLocal: false, isDefinition: true, align: 64)
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
!44 = !DICompositeType(tag: DW_TAG_structure_type, file: !3, size: 256, align: 64, elements: !45)
!45 = !{!46, !47, !52, !53}
!46 = !DIDerivedType(tag: DW_TAG_member, name: "type", file: !3, baseType: !30, size: 64, align: 64)
!47 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", file: !3, baseType: !48, size: 64, align: 64, offset: 64)
!48 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !49, size: 64, align: 64, dwarfAddressSpace: 0)
!49 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 131072, align: 32, elements: !50)
!50 = !{!51}
!51 = !DISubrange(count: 4096, lowerBound: 0)
!52 = !DIDerivedType(tag: DW_TAG_member, name: "key_size", file: !3, baseType: !40, size: 64, align: 64, offset: 128)
!53 = !DIDerivedType(tag: DW_TAG_member, name: "value_size", file: !3, baseType: !30, size: 64, align: 64, offset: 192)
!54 = !{i32 2, !"Debug Info Version", i32 3}
!55 = distinct !DISubprogram(name: "probe_0", linkageName: "probe_0", scope: !3, file: !3, line: 2, type: !56, scopeLine: 2, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !60)
!56 = !DISubroutineType(flags: DIFlagPrototyped, types: !57)
!57 = !{!58, !59}
!58 = !DIBasicType(name: "long", size: 64, encoding: DW_ATE_signed)
!59 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
!60 = !{!61}
!61 = !DILocalVariable(name: "ctx", arg: 1, scope: !55, file: !3, line: 2, type: !59)
!62 = !DILocation(line: 2, scope: !55)
!63 = !DILocation(line: 3, column: 2, scope: !55)
!64 = !DILocation(line: 4, column: 2, scope: !55)
!65 = !DILocation(line: 5, column: 2, scope: !55)
!66 = !DILocation(line: 0, scope: !55)
!67 = !DILocation(line: 9, column: 2, scope: !55)
!68 = distinct !DISubprogram(name: "probe_0_for", linkageName: "probe_0_for", scope: !3, file: !3, line: 5, type: !69, scopeLine: 5, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !71)
!69 = !DISubroutineType(flags: DIFlagPrototyped, types: !70)
!70 = !{!58, !58, !59}
!71 = !{!72, !73}
!72 = !DILocalVariable(name: "index", arg: 1, scope: !68, file: !3, line: 5, type: !58)
!73 = !DILocalVariable(name: "ctx", arg: 2, scope: !68, file: !3, line: 5, type: !59)
!74 = !DILocation(line: 5, scope: !68)
!75 = !DILocation(line: 6, column: 3, scope: !68)
!76 = !DILocation(line: 7, column: 3, scope: !68)
