; ModuleID = 'sonde'
source_filename = "sonde"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@ringbuf = global { ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !0
@lost = global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !5
@LICENSE = local_unnamed_addr global [4 x i8] c"GPL\00", section "license", align 1

; Function Attrs: nounwind
define noundef i64 @begin_0(ptr nocapture readnone %ctx) local_unnamed_addr #0 section "raw_tp" !dbg !43 {
entry:
  %rec = alloca [32 x i8], align 8
  %tmp = alloca [16 x i8], align 8, !dbg !50
  %lkey = alloca i32, align 8, !dbg !50
  %rec2 = alloca [8 x i8], align 8, !dbg !50
  store i64 0, ptr %rec, align 8, !dbg !50
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %tmp, i8 0, i64 16, i1 false), !dbg !50
  %h = call i64 inttoptr (i64 16 to ptr)(ptr nonnull %tmp, i64 16) #0, !dbg !50
  %gep = getelementptr inbounds i8, ptr %rec, i64 8, !dbg !50
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(16) %gep, ptr noundef nonnull align 8 dereferenceable(16) %tmp, i64 16, i1 false), !dbg !50
  %gep1 = getelementptr inbounds i8, ptr %rec, i64 24, !dbg !50
  store i8 42, ptr %gep1, align 8, !dbg !50
  %rb.unread = call i64 inttoptr (i64 134 to ptr)(ptr nonnull @ringbuf, i64 0) #0, !dbg !50
  %rb.busy = icmp ugt i64 %rb.unread, 65536, !dbg !50
  %rb.flags = select i1 %rb.busy, i64 2, i64 0, !dbg !50
  %rb = call i64 inttoptr (i64 130 to ptr)(ptr nonnull @ringbuf, ptr nonnull %rec, i64 25, i64 %rb.flags) #0, !dbg !50
  %rbfull.not = icmp eq i64 %rb, 0, !dbg !50
  br i1 %rbfull.not, label %rb.done, label %rb.full, !dbg !50

rb.full:                                          ; preds = %entry
  store i32 0, ptr %lkey, align 8, !dbg !50
  %lost = call align 8 ptr inttoptr (i64 1 to ptr)(ptr nonnull @lost, ptr nonnull %lkey) #0, !dbg !50
  %lnull = icmp eq ptr %lost, null, !dbg !50
  br i1 %lnull, label %rb.done, label %rb.count, !dbg !50

rb.count:                                         ; preds = %rb.full
  %0 = atomicrmw add ptr %lost, i64 1 monotonic, align 8, !dbg !50
  br label %rb.done, !dbg !50

rb.done:                                          ; preds = %rb.count, %rb.full, %entry
  store i64 1, ptr %rec2, align 8, !dbg !51
  %rb.unread3 = call i64 inttoptr (i64 134 to ptr)(ptr nonnull @ringbuf, i64 0) #0, !dbg !51
  %rb.busy4 = icmp ugt i64 %rb.unread3, 65536, !dbg !51
  %rb.flags5 = select i1 %rb.busy4, i64 2, i64 0, !dbg !51
  %rb6 = call i64 inttoptr (i64 130 to ptr)(ptr nonnull @ringbuf, ptr nonnull %rec2, i64 8, i64 %rb.flags5) #0, !dbg !51
  %rbfull10.not = icmp eq i64 %rb6, 0, !dbg !51
  br i1 %rbfull10.not, label %rb.done9, label %rb.full7, !dbg !51

rb.full7:                                         ; preds = %rb.done
  store i32 0, ptr %lkey, align 8, !dbg !51
  %lost11 = call align 8 ptr inttoptr (i64 1 to ptr)(ptr nonnull @lost, ptr nonnull %lkey) #0, !dbg !51
  %lnull12 = icmp eq ptr %lost11, null, !dbg !51
  br i1 %lnull12, label %rb.done9, label %rb.count8, !dbg !51

rb.count8:                                        ; preds = %rb.full7
  %1 = atomicrmw add ptr %lost11, i64 1 monotonic, align 8, !dbg !51
  br label %rb.done9, !dbg !51

rb.done9:                                         ; preds = %rb.count8, %rb.full7, %rb.done
  ret i64 0, !dbg !51
}

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg) #1

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #2

attributes #0 = { nounwind }
attributes #1 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: write) }
attributes #2 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: readwrite) }

!llvm.dbg.cu = !{!2}
!llvm.module.flags = !{!42}

!0 = !DIGlobalVariableExpression(var: !1, expr: !DIExpression())
!1 = distinct !DIGlobalVariable(name: "ringbuf", linkageName: "ringbuf", scope: !2, file: !3, type: !30, isLocal: false, isDefinition: true, align: 64)
!2 = distinct !DICompileUnit(language: DW_LANG_C, file: !3, producer: "sonde", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !4, splitDebugInlining: false)
!3 = !DIFile(filename: "printf.bt", directory: ".")
!4 = !{!0, !5}
!5 = !DIGlobalVariableExpression(var: !6, expr: !DIExpression())
!6 = distinct !DIGlobalVariable(name: "lost", linkageName: "lost", scope: !2, file: !3, type: !7, isLocal: false, isDefinition: true, align: 64)
!7 = !DICompositeType(tag: DW_TAG_structure_type, file: !3, size: 256, align: 64, elements: !8)
!8 = !{!9, !15, !20, !25}
!9 = !DIDerivedType(tag: DW_TAG_member, name: "type", file: !3, baseType: !10, size: 64, align: 64)
!10 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !11, size: 64, align: 64, dwarfAddressSpace: 0)
!11 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 64, align: 32, elements: !13)
!12 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!13 = !{!14}
!14 = !DISubrange(count: 2, lowerBound: 0)
!15 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", file: !3, baseType: !16, size: 64, align: 64, offset: 64)
!16 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !17, size: 64, align: 64, dwarfAddressSpace: 0)
!17 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 32, align: 32, elements: !18)
!18 = !{!19}
!19 = !DISubrange(count: 1, lowerBound: 0)
!20 = !DIDerivedType(tag: DW_TAG_member, name: "key_size", file: !3, baseType: !21, size: 64, align: 64, offset: 128)
!21 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !22, size: 64, align: 64, dwarfAddressSpace: 0)
!22 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 128, align: 32, elements: !23)
!23 = !{!24}
!24 = !DISubrange(count: 4, lowerBound: 0)
!25 = !DIDerivedType(tag: DW_TAG_member, name: "value_size", file: !3, baseType: !26, size: 64, align: 64, offset: 192)
!26 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !27, size: 64, align: 64, dwarfAddressSpace: 0)
!27 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 256, align: 32, elements: !28)
!28 = !{!29}
!29 = !DISubrange(count: 8, lowerBound: 0)
!30 = !DICompositeType(tag: DW_TAG_structure_type, file: !3, size: 128, align: 64, elements: !31)
!31 = !{!32, !37}
!32 = !DIDerivedType(tag: DW_TAG_member, name: "type", file: !3, baseType: !33, size: 64, align: 64)
!33 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !34, size: 64, align: 64, dwarfAddressSpace: 0)
!34 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 864, align: 32, elements: !35)
!35 = !{!36}
!36 = !DISubrange(count: 27, lowerBound: 0)
!37 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", file: !3, baseType: !38, size: 64, align: 64, offset: 64)
!38 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !39, size: 64, align: 64, dwarfAddressSpace: 0)
!39 = !DICompositeType(tag: DW_TAG_array_type, baseType: !12, size: 8388608, align: 32, elements: !40)
!40 = !{!41}
!41 = !DISubrange(count: 262144, lowerBound: 0)
!42 = !{i32 2, !"Debug Info Version", i32 3}
!43 = distinct !DISubprogram(name: "begin_0", linkageName: "begin_0", scope: !3, file: !3, line: 1, type: !44, scopeLine: 1, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2, retainedNodes: !48)
!44 = !DISubroutineType(flags: DIFlagPrototyped, types: !45)
!45 = !{!46, !47}
!46 = !DIBasicType(name: "long", size: 64, encoding: DW_ATE_signed)
!47 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
!48 = !{!49}
!49 = !DILocalVariable(name: "ctx", arg: 1, scope: !43, file: !3, line: 1, type: !47)
!50 = !DILocation(line: 1, column: 9, scope: !43)
!51 = !DILocation(line: 1, column: 38, scope: !43)
