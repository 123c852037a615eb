; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@AT_m = global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !0
@ringbuf = global { ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !5
@LICENSE = local_unnamed_addr global [4 x i8] c"GPL\00", section "license", align 1

; Function Attrs: nounwind
define noundef i64 @probe_0(ptr %ctx) local_unnamed_addr #0 section "raw_tp" !dbg !39 {
entry:
  %n = alloca [8 x i8], align 8
  %key = alloca [8 x i8], align 8, !dbg !46
  %tmp = alloca [8 x i8], align 8, !dbg !46
  %for.frame = alloca [4 x i64], align 8, !dbg !46
  %rec = alloca [24 x i8], align 8, !dbg !46
  store i8 1, ptr %key, align 8, !dbg !47
  %gep = getelementptr inbounds i8, ptr %key, i64 1, !dbg !47
  store i8 97, ptr %gep, align 1, !dbg !47
  %str.sroa.3.0.gep.sroa_idx = getelementptr inbounds i8, ptr %key, i64 2, !dbg !47
  store i8 0, ptr %str.sroa.3.0.gep.sroa_idx, align 2, !dbg !47
  store i8 2, ptr %tmp, align 8, !dbg !47
  %upd = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @AT_m, ptr nonnull %key, ptr nonnull %tmp, i64 0) #0, !dbg !47
  store i64 0, ptr %n, align 8, !dbg !48
  store i64 0, ptr %for.frame, align 8, !dbg !49
  %gep1 = getelementptr inbounds i8, ptr %for.frame, i64 8, !dbg !49
  store ptr %ctx, ptr %gep1, align 8, !dbg !49
  %gep2 = getelementptr inbounds i8, ptr %for.frame, i64 24, !dbg !49
  store ptr %n, ptr %gep2, align 8, !dbg !49
  %for.n = call i64 inttoptr (i64 164 to ptr)(ptr nonnull @AT_m, ptr nonnull @probe_0_for, ptr nonnull %for.frame, i64 0) #0, !dbg !49
  %for.ret = load i64, ptr %for.frame, align 8, !dbg !49
  %returned.not = icmp eq i64 %for.ret, 0, !dbg !49
  br i1 %returned.not, label %for.end, label %common.ret, !dbg !49

common.ret:                                       ; preds = %entry, %for.end
  ret i64 0, !dbg !50

for.end:                                          ; preds = %entry
  store i64 0, ptr %rec, align 8, !dbg !51
  %ld = load i64, ptr %n, align 8, !dbg !51
  %gep3 = getelementptr inbounds i8, ptr %rec, i64 8, !dbg !51
  store i64 %ld, ptr %gep3, align 8, !dbg !51
  %len = call i64 inttoptr (i64 164 to ptr)(ptr nonnull @AT_m, ptr nonnull @map_len_cb, ptr null, i64 0) #0, !dbg !51
  %gep4 = getelementptr inbounds i8, ptr %rec, i64 16, !dbg !51
  store i64 %len, ptr %gep4, align 8, !dbg !51
  %rb = call i64 inttoptr (i64 130 to ptr)(ptr nonnull @ringbuf, ptr nonnull %rec, i64 24, i64 0) #0, !dbg !51
  br label %common.ret, !dbg !51
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(readwrite, inaccessiblemem: none)
define internal range(i64 0, 2) i64 @probe_0_for(ptr nocapture readnone %map, ptr nocapture readonly %key, ptr nocapture readonly %value, ptr nocapture %ctx) #1 !dbg !52 {
entry:
  %gep = getelementptr i8, ptr %ctx, i64 24, !dbg !60
  %n = load ptr, ptr %gep, align 8, !dbg !60
  %kv.sroa.0.0.copyload = load i8, ptr %key, align 1, !dbg !60
  %ld = load i8, ptr %value, align 1, !dbg !60
  %zx = zext i8 %ld to i64, !dbg !60
  %ld4 = load i64, ptr %n, align 1, !dbg !61
  %add = add i64 %ld4, %zx, !dbg !61
  store i64 %add, ptr %n, align 1, !dbg !61
  switch i8 %kv.sroa.0.0.copyload, label %if.end17 [
    i8 3, label %if.then
    i8 4, label %common.ret
  ], !dbg !62

common.ret:                                       ; preds = %entry, %if.then, %if.end17
  %common.ret.op = phi i64 [ 0, %if.end17 ], [ 1, %if.then ], [ 1, %entry ]
  ret i64 %common.ret.op, !dbg !63

if.then:                                          ; preds = %entry
  store i64 1, ptr %ctx, align 8, !dbg !64
  br label %common.ret, !dbg !64

if.end17:                                         ; preds = %entry
  br label %common.ret, !dbg !60
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none)
define internal noundef i64 @map_len_cb(ptr nocapture readnone %map, ptr nocapture readnone %key, ptr nocapture readnone %value, ptr nocapture readnone %ctx) #2 !dbg !65 {
entry:
  ret i64 0, !dbg !71
}

attributes #0 = { nounwind }
attributes #1 = { mustprogress nofree norecurse nosync nounwind willreturn memory(readwrite, inaccessiblemem: none) }
attributes #2 = { mustprogress nofree norecurse nosync nounwind willreturn memory(none) }

!llvm.dbg.cu = !{!2}
!llvm.module.flags = !{!38}

!0 = !DIGlobalVariableExpression(var: !1, expr: !DIExpression())
!1 = distinct !DIGlobalVariable(name: "AT_m", linkageName: "AT_m", scope: !2, file: !3, type: !20, isLocal: false, isDefinition: true, align: 64)
!2 = distinct !DICompileUnit(language: DW_LANG_C, file: !3, producer: "sonde", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !4, splitDebugInlining: false)
!3 = !DIFile(filename: "for_map.bt", directory: ".")
!4 = !{!0, !5}
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
!20 = !DICompositeType(tag: DW_TAG_structure_type, file: !3, size: 256, align: 64, elements: !21)
!21 = !{!22, !27, !32, !37}
!22 = !DIDerivedType(tag: DW_TAG_member, name: "type", file: !3, baseType: !23, size: 64, align: 64)
!23 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !24, size: 64, align: 64, dwarfAddressSpace: 0)
!24 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 32, align: 32, elements: !25)
!25 = !{!26}
!26 = !DISubrange(count: 1, lowerBound: 0)
!27 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", file: !3, baseType: !28, size: 64, align: 64, offset: 64)
!28 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !29, size: 64, align: 64, dwarfAddressSpace: 0)
!29 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 131072, align: 32, elements: !30)
!30 = !{!31}
!31 = !DISubrange(count: 4096, lowerBound: 0)
!32 = !DIDerivedType(tag: DW_TAG_member, name: "key_size", file: !3, baseType: !33, size: 64, align: 64, offset: 128)
!33 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !34, size: 64, align: 64, dwarfAddressSpace: 0)
!34 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 96, align: 32, elements: !35)
!35 = !{!36}
!36 = !DISubrange(count: 3, lowerBound: 0)
!37 = !DIDerivedType(tag: DW_TAG_member, name: "value_size", file: !3, baseType: !23, size: 64, align: 64, offset: 192)
!38 = !{i32 2, !"Debug Info Version", i32 3}
!39 = distinct !DISubprogram(name: "probe_0", linkageName: "probe_0", scope: !3, file: !3, line: 3, type: !40, scopeLine: 3, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !44)
!40 = !DISubroutineType(flags: DIFlagPrototyped, types: !41)
!41 = !{!42, !43}
!42 = !DIBasicType(name: "long", size: 64, encoding: DW_ATE_signed)
!43 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
!44 = !{!45}
!45 = !DILocalVariable(name: "ctx", arg: 1, scope: !39, file: !3, line: 3, type: !43)
!46 = !DILocation(line: 3, scope: !39)
!47 = !DILocation(line: 4, column: 2, scope: !39)
!48 = !DILocation(line: 5, column: 2, scope: !39)
!49 = !DILocation(line: 6, column: 2, scope: !39)
!50 = !DILocation(line: 0, scope: !39)
!51 = !DILocation(line: 11, column: 2, scope: !39)
!52 = distinct !DISubprogram(name: "probe_0_for", linkageName: "probe_0_for", scope: !3, file: !3, line: 6, type: !53, scopeLine: 6, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !55)
!53 = !DISubroutineType(flags: DIFlagPrototyped, types: !54)
!54 = !{!42, !43, !43, !43, !43}
!55 = !{!56, !57, !58, !59}
!56 = !DILocalVariable(name: "map", arg: 1, scope: !52, file: !3, line: 6, type: !43)
!57 = !DILocalVariable(name: "key", arg: 2, scope: !52, file: !3, line: 6, type: !43)
!58 = !DILocalVariable(name: "value", arg: 3, scope: !52, file: !3, line: 6, type: !43)
!59 = !DILocalVariable(name: "ctx", arg: 4, scope: !52, file: !3, line: 6, type: !43)
!60 = !DILocation(line: 6, scope: !52)
!61 = !DILocation(line: 7, column: 3, scope: !52)
!62 = !DILocation(line: 8, column: 3, scope: !52)
!63 = !DILocation(line: 0, scope: !52)
!64 = !DILocation(line: 8, column: 23, scope: !52)
!65 = distinct !DISubprogram(name: "map_len_cb", linkageName: "map_len_cb", scope: !3, file: !3, type: !53, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !66)
!66 = !{!67, !68, !69, !70}
!67 = !DILocalVariable(name: "map", arg: 1, scope: !65, file: !3, type: !43)
!68 = !DILocalVariable(name: "key", arg: 2, scope: !65, file: !3, type: !43)
!69 = !DILocalVariable(name: "value", arg: 3, scope: !65, file: !3, type: !43)
!70 = !DILocalVariable(name: "ctx", arg: 4, scope: !65, file: !3, type: !43)
!71 = !DILocation(line: 0, scope: !65)
