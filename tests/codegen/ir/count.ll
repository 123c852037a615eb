; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@AT_ = global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !0
@ringbuf = local_unnamed_addr global { ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !5
@LICENSE = local_unnamed_addr global [4 x i8] c"GPL\00", section "license", align 1

; Function Attrs: nounwind
define noundef i64 @probe_0(ptr nocapture readnone %ctx) local_unnamed_addr #0 section "tracepoint" !dbg !43 {
entry:
  %key = alloca [8 x i8], align 8
  %zero = alloca [8 x i8], align 8, !dbg !50
  %h = tail call i64 inttoptr (i64 14 to ptr)() #0, !dbg !50
  %shr = lshr i64 %h, 32, !dbg !50
  %tr = trunc nuw i64 %shr to i32, !dbg !50
  store i32 %tr, ptr %key, align 8, !dbg !50
  %val = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @AT_, ptr nonnull %key) #0, !dbg !50
  %null = icmp eq ptr %val, null, !dbg !50
  br i1 %null, label %agg.have, label %agg.upd, !dbg !50

agg.have:                                         ; preds = %entry
  store i64 0, ptr %zero, align 8, !dbg !50
  %init = call i64 inttoptr (i64 2 to ptr)(ptr nonnull @AT_, ptr nonnull %key, ptr nonnull %zero, i64 1) #0, !dbg !50
  %val1 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @AT_, ptr nonnull %key) #0, !dbg !50
  %null3 = icmp eq ptr %val1, null, !dbg !50
  br i1 %null3, label %agg.done, label %agg.upd, !dbg !50

agg.upd:                                          ; preds = %entry, %agg.have
  %slot.06 = phi ptr [ %val1, %agg.have ], [ %val, %entry ]
  %ld = load i64, ptr %slot.06, align 1, !dbg !50
  %add = add i64 %ld, 1, !dbg !50
  store i64 %add, ptr %slot.06, align 1, !dbg !50
  br label %agg.done, !dbg !50

agg.done:                                         ; preds = %agg.upd, %agg.have
  ret i64 0, !dbg !50
}

attributes #0 = { nounwind }

!llvm.dbg.cu = !{!2}
!llvm.module.flags = !{!42}

!0 = !DIGlobalVariableExpression(var: !1, expr: !DIExpression())
!1 = distinct !DIGlobalVariable(name: "AT_", linkageName: "AT_", scope: !2, file: !3, type: !20, isLocal: false, isDefinition: true, align: 64)
!2 = distinct !DICompileUnit(language: DW_LANG_C, file: !3, producer: "sonde", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !4, splitDebugInlining: false)
!3 = !DIFile(filename: "count.bt", directory: ".")
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
!24 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 160, align: 32, elements: !25)
!25 = !{!26}
!26 = !DISubrange(count: 5, lowerBound: 0)
!27 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", file: !3, baseType: !28, size: 64, align: 64, offset: 64)
!28 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !29, size: 64, align: 64, dwarfAddressSpace: 0)
!29 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 131072, align: 32, elements: !30)
!30 = !{!31}
!31 = !DISubrange(count: 4096, lowerBound: 0)
!32 = !DIDerivedType(tag: DW_TAG_member, name: "key_size", file: !3, baseType: !33, size: 64, align: 64, offset: 128)
!33 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !34, size: 64, align: 64, dwarfAddressSpace: 0)
!34 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 128, align: 32, elements: !35)
!35 = !{!36}
!36 = !DISubrange(count: 4, lowerBound: 0)
!37 = !DIDerivedType(tag: DW_TAG_member, name: "value_size", file: !3, baseType: !38, size: 64, align: 64, offset: 192)
!38 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !39, size: 64, align: 64, dwarfAddressSpace: 0)
!39 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 256, align: 32, elements: !40)
!40 = !{!41}
!41 = !DISubrange(count: 8, lowerBound: 0)
!42 = !{i32 2, !"Debug Info Version", i32 3}
!43 = distinct !DISubprogram(name: "probe_0", linkageName: "probe_0", scope: !3, file: !3, line: 1, type: !44, scopeLine: 1, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !48)
!44 = !DISubroutineType(flags: DIFlagPrototyped, types: !45)
!45 = !{!46, !47}
!46 = !DIBasicType(name: "long", size: 64, encoding: DW_ATE_signed)
!47 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
!48 = !{!49}
!49 = !DILocalVariable(name: "ctx", arg: 1, scope: !43, file: !3, line: 1, type: !47)
!50 = !DILocation(line: 1, column: 37, scope: !43)
