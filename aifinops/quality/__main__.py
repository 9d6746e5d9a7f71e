from aifinops.quality.run import main

raise SystemExit(main())
