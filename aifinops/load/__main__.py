from aifinops.load.cli import main

raise SystemExit(main())
