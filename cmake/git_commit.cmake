# VICOS_COMMIT: the git commit the build comes from, for `vicos --version` and the privacy report
# (P17). Read when CMake configures; a new commit or checkout makes the build configure again.
# Outside a git checkout it is what -DVICOS_SOURCE_COMMIT says (the Debian package's build from a
# copy of the tree, tests/package/build.sh), else "unknown" (a release tarball).
set(VICOS_COMMIT unknown)
if(VICOS_SOURCE_COMMIT MATCHES "^[0-9a-f]+$")
  set(VICOS_COMMIT ${VICOS_SOURCE_COMMIT})
endif()
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=12 HEAD
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE commit RESULT_VARIABLE status
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(status EQUAL 0 AND commit MATCHES "^[0-9a-f]+$")
    set(VICOS_COMMIT ${commit})
    # HEAD moves on checkout, the branch's ref on commit; either one reconfigures.
    execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --path-format=absolute --git-path HEAD
      WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE head_file OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    execute_process(COMMAND ${GIT_EXECUTABLE} symbolic-ref -q HEAD
      WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE branch OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    foreach(file ${head_file})
      if(EXISTS ${file})
        set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
      endif()
    endforeach()
    if(branch)
      execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --path-format=absolute --git-path ${branch}
        WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE ref_file OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
      if(ref_file AND EXISTS ${ref_file})
        set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${ref_file})
      endif()
    endif()
  endif()
endif()
message(STATUS "vicos commit: ${VICOS_COMMIT}")
