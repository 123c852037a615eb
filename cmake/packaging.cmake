# Packaging: the man page and shell completions generated from the option table, `cmake --install`
# into the FHS places, and CPack's Debian package. Included by the last line of the root
# CMakeLists.txt; tests/packaging/ checks all of it.
include(GNUInstallDirs)

# ---- docgen: sonde.1 and the completions, written from cli/options.c at build time ------------
# It compiles the same options.c and usage.c as sonde, so -h, the page and the completions are
# made from one table.
add_executable(sonde-docgen tools/docgen.c tools/docgen_man.c tools/docgen_shell.c cli/options.c cli/usage.c)
# The probe types come from their records in the runtime library.
target_link_libraries(sonde-docgen PRIVATE sonde_runtime)
target_compile_definitions(sonde-docgen PRIVATE SONDE_VERSION="${PROJECT_VERSION}" SONDE_LLVM_VERSION="${LLVM_VERSION}")

set(SONDE_DOC_DIR ${CMAKE_BINARY_DIR}/doc)
file(MAKE_DIRECTORY ${SONDE_DOC_DIR})
# sonde_docgen(KIND TEMPLATE OUTPUT): OUTPUT is remade whenever TEMPLATE or the tables change.
function(sonde_docgen kind template output)
  add_custom_command(OUTPUT ${SONDE_DOC_DIR}/${output}
                     COMMAND sonde-docgen ${kind} ${CMAKE_SOURCE_DIR}/${template} ${SONDE_DOC_DIR}/${output}
                     DEPENDS sonde-docgen ${CMAKE_SOURCE_DIR}/${template}
                     COMMENT "Generating ${output}" VERBATIM)
endfunction()
sonde_docgen(man man/sonde.1.in sonde.1)
sonde_docgen(bash completions/sonde.bash.in sonde.bash)
sonde_docgen(zsh completions/_sonde.in _sonde)
# Debian installs man pages gzip'ed; -n leaves the name and time out, so the package is reproducible.
find_program(GZIP_BIN gzip REQUIRED)
add_custom_command(OUTPUT ${SONDE_DOC_DIR}/sonde.1.gz
                   COMMAND ${GZIP_BIN} -9nkf ${SONDE_DOC_DIR}/sonde.1
                   DEPENDS ${SONDE_DOC_DIR}/sonde.1 VERBATIM)
add_custom_target(sonde-docs ALL DEPENDS ${SONDE_DOC_DIR}/sonde.1.gz ${SONDE_DOC_DIR}/sonde.bash
                                         ${SONDE_DOC_DIR}/_sonde)

# ---- install ------------------------------------------------------------------------------------
install(TARGETS sonde RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${SONDE_DOC_DIR}/sonde.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${SONDE_DOC_DIR}/sonde.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME sonde)
install(FILES ${SONDE_DOC_DIR}/_sonde DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
file(GLOB SONDE_TOOLS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/examples/*.bt)
install(FILES ${SONDE_TOOLS} DESTINATION ${CMAKE_INSTALL_DATADIR}/sonde/tools)

# ---- the Debian package: cpack -G DEB in the build directory ----------------------------------
set(SONDE_PACKAGE_MAINTAINER "sonde developers <sonde@localhost>" CACHE STRING
    "The Maintainer field of the Debian package")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sonde)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${SONDE_PACKAGE_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "bpftrace-compatible tracing language for Linux")
# The synopsis line is the summary above; this is the extended description under it.
string(CONCAT CPACK_DEBIAN_PACKAGE_DESCRIPTION
       "sonde runs tracing scripts written in bpftrace's language, with the same command-line\n"
       "options and the same text and JSON output. It compiles a script to BPF with LLVM (linked\n"
       "in), loads it with libbpf and attaches its probes: tracepoints, raw tracepoints, uprobes,\n"
       "USDT, perf events, and kprobes and fentry where the kernel has them.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)       # sonde_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_STRIP_FILES ON)                     # the debug info of the static LLVM is ~10 MB
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Depends comes from dpkg-shlibdeps on the installed binary (libbpf1, libc6, libelf1, libgcc-s1,
# libstdc++6, libzstd1, zlib1g on Debian 12), so it follows what sonde really links.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libclang is not linked: sema/cdefs.c dlopen()s libclang-19.so.1 only for scripts with C
# definitions (struct, enum, #include ...). Most scripts run without it, but many bpftrace tools
# have such definitions: Recommends, which apt installs unless told not to. #include lines also
# need the headers: the kernel's UAPI ones (linux-libc-dev) and clang's own, such as stddef.h
# (libclang-common-19-dev); checked on a fresh Debian 12, so Suggests.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libclang1-19")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "linux-libc-dev, libclang-common-19-dev")
include(CPack)
