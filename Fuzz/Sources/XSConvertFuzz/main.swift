import Glibc
import CFuzzDriver
import XSConvertKit

// libFuzzer takes over from here: it parses its own flags (-max_total_time=, -timeout=, …)
// and calls fuzzOneInput with each input.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
