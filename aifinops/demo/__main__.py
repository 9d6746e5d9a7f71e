from aifinops.demo.cli import main

raise SystemExit(main())
