// File: tiersim/version.hpp
#pragma once
namespace tiersim {
inline constexpr const char* kVersion = "0.1.0";
}
