from ollama_agent_router.cli import main

main()
