; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@ringbuf = global { ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !0
@LICENSE = local_unnamed_addr global [4 x i8] c"GPL\00", section "license", align 1

; Function Attrs: nounwind
define noundef i64 @probe_0(ptr nocapture readnone %ctx) local_unnamed_addr #0 section "raw_tp" !dbg !19 {
entry:
  %rec = alloca [32 x i8], align 8
  %tmp = alloca [16 x i8], align 8, !dbg !26
  %rec2 = alloca [8 x i8], align 8, !dbg !26
  store i64 0, ptr %rec, align 8, !dbg !26
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %tmp, i8 0, i64 16, i1 false), !dbg !26
  %h = call i64 inttoptr (i64 16 to ptr)(ptr nonnull %tmp, i64 16) #0, !dbg !26
  %gep = getelementptr inbounds i8, ptr %rec, i64 8, !dbg !26
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %gep, ptr noundef nonnull align 8 dereferenceable(16) %tmp, i64 16, i1 false), !dbg !26
  %gep1 = getelementptr inbounds i8, ptr %rec, i64 24, !dbg !26
  store i8 42, ptr %gep1, align 8, !dbg !26
  %rb = call i64 inttoptr (i64 130 to ptr)(ptr nonnull @ringbuf, ptr nonnull %rec, i64 25, i64 0) #0, !dbg !26
  store i64 1, ptr %rec2, align 8, !dbg !27
  %rb3 = call i64 inttoptr (i64 130 to ptr)(ptr nonnull @ringbuf, ptr nonnull %rec2, i64 8, i64 0) #0, !dbg !27
  ret i64 0, !dbg !27
}

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg) #1

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #2

attributes #0 = { nounwind }
attributes #1 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: write) }
attributes #2 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: readwrite) }

!llvm.dbg.cu = !{!2}
!llvm.module.flags = !{!18}

!0 = !DIGlobalVariableExpression(var: !1, expr: !DIExpression())
!1 = distinct !DIGlobalVariable(name: "ringbuf", linkageName: "ringbuf", scope: !2, file: !3, type: !5, isLocal: false, isDefinition: true, align: 64)
!2 = distinct !DICompileUnit(language: DW_LANG_C, file: !3, producer: "sonde", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !4, splitDebugInlining: false)
!3 = !DIFile(filename: "printf.bt", directory: ".")
!4 = !{!0}
!5 = !DICompositeType(tag: DW_TAG_structure_type, file: !3, size: 128, align: 64, elements: !6)
!6 = !{!7, !13}
!7 = !DIDerivedType(tag: DW_TAG_member, name: "type", file: !3, baseType: !8, size: 64, align: 64)
!8 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !9, size: 64, align: 64, dwarfAddressSpace: 0)
!9 = !DICompositeType(tag: DW_TAG_array_type, baseType: !10, size: 864, align: 32, elements: !11)
!10 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!11 = !{!12}
!12 = !DISubrange(count: 27, lowerBound: 0)
!13 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", file: !3, baseType: !14, size: 64, align: 64, offset: 64)
!14 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !15, size: 64, align: 64, dwarfAddressSpace: 0)
!15 = !DICompositeType(tag: DW_TAG_array_type, baseType: !10, size: 8388608, align: 32, elements: !16)
!16 = !{!17}
!17 = !DISubrange(count: 262144, lowerBound: 0)
!18 = !{i32 2, !"Debug Info Version", i32 3}
!19 = distinct !DISubprogram(name: "probe_0", linkageName: "probe_0", scope: !3, file: !3, line: 1, type: !20, scopeLine: 1, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !24)
!20 = !DISubroutineType(flags: DIFlagPrototyped, types: !21)
!21 = !{!22, !23}
!22 = !DIBasicType(name: "long", size: 64, encoding: DW_ATE_signed)
!23 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
!24 = !{!25}
!25 = !DILocalVariable(name: "ctx", arg: 1, scope: !19, file: !3, line: 1, type: !23)
!26 = !DILocation(line: 1, column: 9, scope: !19)
!27 = !DILocation(line: 1, column: 38, scope: !19)
