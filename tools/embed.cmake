# Writes a C++ source that holds the file IN as a string, so the default scenario travels
# inside the binary. Called at build time: cmake -DIN=... -DOUT=... -P embed.cmake
file(READ "${IN}" content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," content "${content}")
get_filename_component(name "${IN}" NAME)
file(WRITE "${OUT}.tmp" "// Generated from ${name} by tools/embed.cmake. Do not edit.\n"
  "#include <string_view>\nnamespace tiersim::scenario {\n"
  "namespace { constexpr char kData[] = {${content} '\\0'}; }\n"
  "std::string_view embedded_default_name() { return \"${name}\"; }\n"
  "std::string_view embedded_default_text() { return {kData, sizeof(kData) - 1}; }\n}\n")
file(RENAME "${OUT}.tmp" "${OUT}")
