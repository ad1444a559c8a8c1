from fls_docs.cli import main

main()
