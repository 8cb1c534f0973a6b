package pgtest

import "syscall"

// memDir is Linux's shared-memory file system, when it has room for a test
// server: a data directory in memory is made without ext4's inode
// allocation (which, after the many files earlier servers deleted, cost
// a copy of initdb's thousand files a quarter of a second of CPU) and
// written without writeback. 2 GiB leaves a small /dev/shm, such as a
// container's 64 MB, alone.
func memDir() string {
	const dir, room = "/dev/shm", 2 << 30
	var st syscall.Statfs_t
	if syscall.Statfs(dir, &st) != nil || st.Bavail*uint64(st.Bsize) < room {
		return ""
	}
	return dir
}
