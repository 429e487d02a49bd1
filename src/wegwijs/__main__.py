from wegwijs.cli import main

main()
