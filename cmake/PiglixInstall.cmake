# Installs the libraries and headers and exports a CMake package, so that a consumer can write
#   find_package(piglix 0.1 REQUIRED)
#   target_link_libraries(app PRIVATE piglix::core)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(PIGLIX_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/piglix)

install(TARGETS piglix_core piglix_net EXPORT piglixTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/piglix DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT piglixTargets NAMESPACE piglix:: DESTINATION ${PIGLIX_CMAKE_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/piglixConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/piglixConfig.cmake
                              INSTALL_DESTINATION ${PIGLIX_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/piglixConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/piglixConfig.cmake ${PROJECT_BINARY_DIR}/piglixConfigVersion.cmake
        DESTINATION ${PIGLIX_CMAKE_DIR})
