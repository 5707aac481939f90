# Run at every build: write include/gsae/gitcommit.h with the current commit (+ "-dirty" when the
# tracked tree differs), rewriting it only when it changes so nothing rebuilds needlessly.
set(commit "unknown")
execute_process(COMMAND git -C ${SRC} rev-parse HEAD OUTPUT_VARIABLE head OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE rc ERROR_QUIET)
if(rc EQUAL 0)
  set(commit ${head})
  execute_process(COMMAND git -C ${SRC} status --porcelain --untracked-files=no
                  OUTPUT_VARIABLE dirty OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(dirty)
    string(APPEND commit "-dirty")
  endif()
endif()
set(text "/* Generated at build time by cmake/gitcommit.cmake. */\n#define GSAE_GIT_COMMIT \"${commit}\"\n")
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT "${old}" STREQUAL "${text}")
  file(WRITE ${OUT} "${text}")
endif()
