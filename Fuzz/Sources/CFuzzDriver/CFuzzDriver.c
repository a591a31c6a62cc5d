// Only the header matters: LLVMFuzzerRunDriver is in libclang_rt.fuzzer, linked by -sanitize=fuzzer.
#include "CFuzzDriver.h"
