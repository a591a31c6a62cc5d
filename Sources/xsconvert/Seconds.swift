import Glibc

/// The time on `clock`, in seconds: monotonic for how long something takes, realtime to compare
/// with a file's times, boot time to compare with a process's start.
func seconds(on clock: clockid_t) -> Double {
    var time = timespec()
    clock_gettime(clock, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
