// The suite's doctest main, and the check that the suite runs from the repository alone: the
// reference data and test fixtures it reads are inside the clone (data/reference, tests/data),
// not in ../shared.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <filesystem>

TEST_CASE("the reference data and fixtures the suite reads are in the repository") {
  namespace fs = std::filesystem;
  const fs::path reference = TOKENOMICS_REFERENCE_DIR, fixtures = TOKENOMICS_TEST_DATA_DIR;
  for (const char* file : {"gpus.json", "models.json", "README.md", "measurements/calibration.json"})
    CHECK_MESSAGE(fs::is_regular_file(reference / file), (reference / file).string());
  CHECK(fs::is_regular_file(fixtures / "hf" / "malformed.json"));
  // Inside the clone: the reference directory is <repo>/data/reference, next to <repo>/tests.
  CHECK(fs::exists(reference.parent_path().parent_path() / "tests" / "CMakeLists.txt"));
}
