"""The starter config written by ``oar init``: small, commented, valid as written."""

STARTER_CONFIG = """\
# ollama-agent-router configuration. Reference: docs/configuration.md
# Check it with `oar validate-config --config <this file>`.
server:
  nodeId: local
  host: 127.0.0.1
  port: 11435
  basePath: /
  requestBodyLimit: 4mb

ollama:
  baseUrl: http://127.0.0.1:11434   # $OLLAMA_HOST is used when this key is absent
  api: openai                       # native: send keepAlive and num_ctx to Ollama
  keepAlive: 5m
  requestTimeoutMs: 120000
  maxLoadedModels: 0        # as OLLAMA_MAX_LOADED_MODELS; 0 = Ollama's default (3 per GPU)
  numParallel: 1            # as OLLAMA_NUM_PARALLEL (Ollama's default)

gpu:
  provider: none          # nvidia: read free VRAM through NVML / nvidia-smi
  vramTotalMb: 0
  vramSafetyReserveMb: 1024
  maxGpuUtilizationPct: 95
  requireGpuOnlyByDefault: false
  monitor:
    enabled: false
    intervalMs: 5000

router:
  strategy: residency           # by expected time to finish; reference = the original score
  defaultMode: auto
  asyncForPlainClients: false   # plain OpenAI clients never get a 202
  syncMaxQueueTimeMs: 250
  heavyLoadQueueDepth: 4
  heavyLoadGpuFreeMbThreshold: 2048
  defaultTaskType: unknown
  classification:
    # cascade: the offline classifier decides, and asks the small model below only when
    # it is unsure (about a fifth of requests); enhanced = offline only; heuristic = the
    # exact keyword rules of the original.
    mode: cascade
    optionalClassifierModel: llama3.2:3b   # already listed below, so nothing extra to load
    classifierTimeoutMs: 1500              # slower: keep the offline answer
    cascadeThreshold: 0.7

jobs:
  store: sqlite                 # file next to this config; or memory
  resultTtlSeconds: 86400
  maxAttempts: 2
  cleanupIntervalMs: 60000

models:
  - name: llama3.2:3b
    sizeGb: 2.0
    purpose: [triage, simple_chat, summarize]
    priority: 50
    maxConcurrent: 2
    costClass: low
  - name: qwen2.5-coder:7b
    sizeGb: 4.7
    purpose: [code_generate, code_fix, code_review, tool_use, agentic_reasoning]
    priority: 70
    maxConcurrent: 1
    costClass: medium

routes:
  triage: [llama3.2:3b]
  simple_chat: [llama3.2:3b, qwen2.5-coder:7b]
  summarize: [llama3.2:3b]
  code_generate: [qwen2.5-coder:7b]
  code_review: [qwen2.5-coder:7b]
  code_fix: [qwen2.5-coder:7b]
  agentic_reasoning: [qwen2.5-coder:7b]
  large_context: [qwen2.5-coder:7b]
  tool_use: [qwen2.5-coder:7b]
  unknown: [llama3.2:3b, qwen2.5-coder:7b]

queue:
  globalMaxConcurrent: 4
  globalMaxQueued: 100
  perUserMaxQueued: 20
  defaultPriority: normal
  timeoutMs: 180000
"""
