// libtorch's default random generator (manual_seed, dropout masks), its thread count and default dtype are global
// to the process. Tests that seed it and compare two runs would see another test class, running in parallel,
// draw from the same generator in between (a clean-clone CI run caught exactly that), so this assembly's tests
// run one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
