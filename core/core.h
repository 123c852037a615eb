/* core: the data that crosses stages, so that no stage includes a later one's header. The type
 * model (core/type.h), the manifest codegen hands the runtime (core/manifest.h), the builtin record
 * (core/builtin.h) and the probe-type record with the registry that carries both to the stages
 * before runtime (core/probe_type.h). This is the one header other folders include; the part
 * headers are private to core/. Exported names start with core_, type_ or probe_. */
#ifndef SONDE_CORE_H
#define SONDE_CORE_H

#include "core/type.h"
#include "core/manifest.h"
#include "core/builtin.h"
#include "core/probe_type.h"

#endif
