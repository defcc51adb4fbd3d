{
  "targets": [
    {
      "target_name": "smfuse_native",
      "sources": [
        "src/addon.cc",
        "src/bpann/bpann-binding.cc",
        "src/bpann/bpann-dispatch.cc",
        "src/common/args.cc",
        "src/common/simd.cc",
        "src/common/thread-pool.cc",
        "src/enkf/enkf-binding.cc",
        "src/enkf/enkf-kernel.cc",
        "src/grnn/grnn-binding.cc",
        "src/grnn/grnn-dispatch.cc",
        "src/grnn/grnn-order.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "src"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
      "cflags_cc": ["-std=c++17", "-O3", "-ffp-contract=off", "-fvisibility=hidden", "-pthread", "-Wno-psabi"],
      "ldflags": ["-pthread"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "OTHER_CPLUSPLUSFLAGS": ["-O3", "-ffp-contract=off"]
      },
      "msvs_settings": { "VCCLCompilerTool": { "ExceptionHandling": 1 } }
    }
  ]
}
