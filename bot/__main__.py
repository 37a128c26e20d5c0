from bot.cli_main import main

main()
