from aikb.cli import main

main()
